using System.Collections.Immutable;

namespace RxChat.Server.Core;

/// <summary>A member of a room, ordered by when it connected (its log position).</summary>
public readonly record struct Member(long Since, ConnectionId Id) : IComparable<Member>
{
    public int CompareTo(Member other) => Since.CompareTo(other.Since);

    public static bool operator <(Member left, Member right) => left.CompareTo(right) < 0;
    public static bool operator <=(Member left, Member right) => left.CompareTo(right) <= 0;
    public static bool operator >(Member left, Member right) => left.CompareTo(right) > 0;
    public static bool operator >=(Member left, Member right) => left.CompareTo(right) >= 0;
}

/// <summary>
/// A room and its members, kept sorted by connection order. Because of that order the
/// leader is simply the first member: the rule "earliest connected leads" is a fact of
/// the data, re-evaluated for free on every join, leave and disconnect.
/// </summary>
public sealed record Room(string Name, ImmutableArray<Member> Members)
{
    /// <summary>What the leader set with <c>/topic</c>, by whom and when; null until then. It goes with the room when the room empties.</summary>
    public Topic? Topic { get; init; }

    /// <summary>The member who connected to the chat earliest.</summary>
    public ConnectionId Leader => Members[0].Id;

    public static Room Create(string name, Member first) => new(name, [first]);

    public Room With(Member member)
    {
        int at = Members.BinarySearch(member);
        return at >= 0 ? this : this with { Members = Members.Insert(~at, member) };
    }

    public Room Without(Member member)
    {
        int at = Members.BinarySearch(member);
        return at < 0 ? this : this with { Members = Members.RemoveAt(at) };
    }

    public bool IsEmpty => Members.IsEmpty;
}
