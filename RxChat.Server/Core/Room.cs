using System.Collections.Immutable;

namespace RxChat.Server.Core;

/// <summary>
/// A room and its members, kept sorted by accept order. Because of that order the
/// leader is simply the first member: the rule "earliest connected leads" is a fact of
/// the data, re-evaluated for free on every join, leave and disconnect.
/// </summary>
public sealed record Room(string Name, ImmutableArray<ConnectionId> Members)
{
    /// <summary>The member who connected to the server earliest.</summary>
    public ConnectionId Leader => Members[0];

    public static Room Create(string name, ConnectionId first) => new(name, [first]);

    public Room With(ConnectionId member)
    {
        int at = Members.BinarySearch(member);
        return at >= 0 ? this : this with { Members = Members.Insert(~at, member) };
    }

    public Room Without(ConnectionId member)
    {
        int at = Members.BinarySearch(member);
        return at < 0 ? this : this with { Members = Members.RemoveAt(at) };
    }

    public bool IsEmpty => Members.IsEmpty;
}
