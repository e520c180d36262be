using System.Text.Json.Serialization;

namespace RxChat.Server.Core;

/// <summary>What the chat answers one client, as data; the codec words it.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "$a")]
[JsonDerivedType(typeof(UserList), "users")]
[JsonDerivedType(typeof(CurrentRoom), "room")]
[JsonDerivedType(typeof(RoomLeader), "leader")]
[JsonDerivedType(typeof(Usage), "usage")]
[JsonDerivedType(typeof(NotACommand), "unknown")]
[JsonDerivedType(typeof(AlreadyInRoom), "already-in-room")]
[JsonDerivedType(typeof(RoomNameRefused), "room-name-refused")]
[JsonDerivedType(typeof(JoinARoomFirst), "join-a-room-first")]
[JsonDerivedType(typeof(NotInThatRoom), "not-in-that-room")]
[JsonDerivedType(typeof(RoomList), "rooms")]
[JsonDerivedType(typeof(RoomMembers), "members")]
[JsonDerivedType(typeof(HistoryLines), "history")]
[JsonDerivedType(typeof(CommandList), "help")]
[JsonDerivedType(typeof(MissedLines), "missed")]
[JsonDerivedType(typeof(AlreadyRegistered), "already-registered")]
[JsonDerivedType(typeof(PasswordChangedMeanwhile), "password-changed-meanwhile")]
[JsonDerivedType(typeof(TopicOf), "topic")]
[JsonDerivedType(typeof(OnlyTheLeader), "only-the-leader")]
[JsonDerivedType(typeof(NotInRoom), "not-in-room")]
[JsonDerivedType(typeof(NoSuchUser), "no-such-user")]
[JsonDerivedType(typeof(MayNotRejoinYet), "may-not-rejoin-yet")]
[JsonDerivedType(typeof(LooksLikeRegistered), "looks-like-registered")]
[JsonDerivedType(typeof(AccountsFull), "accounts-full")]
[JsonDerivedType(typeof(RegistrationsPaused), "registrations-paused")]
[JsonDerivedType(typeof(RegisterAgain), "register-again")]
public abstract record Answer
{
    private protected Answer() { }
}

/// <summary><c>/users</c>: every logged-in user, in connection order.</summary>
public sealed record UserList(IReadOnlyList<string> Names) : Answer
{
    public bool Equals(UserList? other) => other is not null && Names.SequenceEqual(other.Names);
    public override int GetHashCode() => Names.Count;
}

/// <summary><c>/room</c>: the room the asker is in, or null.</summary>
public sealed record CurrentRoom(string? Room) : Answer;

/// <summary><c>/leader</c>: the asker's room and its leader, or nulls outside a room.</summary>
public sealed record RoomLeader(string? Room, string? Leader) : Answer;

/// <summary>A command used wrongly.</summary>
public sealed record Usage(CommandName Command) : Answer;

/// <summary>A line starting with <c>/</c> that is no command.</summary>
public sealed record NotACommand : Answer
{
    public static readonly NotACommand Instance = new();
}

/// <summary><c>/join X</c> while in X: nothing happens.</summary>
public sealed record AlreadyInRoom(string Room) : Answer;

/// <summary><c>/join X</c> where X cannot be a room name: the asker stays where it was.</summary>
public sealed record RoomNameRefused(string Room, NameProblem Problem, int MaxLength) : Answer;

/// <summary>Something that needs a room, asked outside one.</summary>
public sealed record JoinARoomFirst : Answer
{
    public static readonly JoinARoomFirst Instance = new();
}

/// <summary>
/// Something meant for a room the asker is not in (IRC's <c>PRIVMSG #other</c>, <c>PART #other</c>,
/// <c>TOPIC #other</c> or <c>KICK #other</c>): nothing happens. <paramref name="Saying"/>: it was a
/// chat line (else a leave, a topic or a kick).
/// </summary>
public sealed record NotInThatRoom(string Room, bool Saying) : Answer;

/// <summary>A room and how many are in it.</summary>
public readonly record struct RoomCount(string Room, int Members);

/// <summary>
/// <c>/rooms</c>: the rooms by name, with their member counts, up to a bound
/// (<see cref="ChatRules.RoomsListed"/>); <paramref name="LeftOut"/> more were not named.
/// </summary>
public sealed record RoomList(IReadOnlyList<RoomCount> Rooms, int LeftOut = 0) : Answer
{
    /// <summary>The first <paramref name="listed"/> of <paramref name="rooms"/> by name, and how many more there are.</summary>
    public static RoomList Of(IEnumerable<Room> rooms, int listed)
    {
        var all = rooms.OrderBy(r => r.Name, StringComparer.Ordinal).Select(r => new RoomCount(r.Name, r.Members.Length)).ToList();
        int named = Math.Clamp(listed, 0, all.Count);
        return new RoomList(all.GetRange(0, named), all.Count - named);
    }

    public bool Equals(RoomList? other) => other is not null && LeftOut == other.LeftOut && Rooms.SequenceEqual(other.Rooms);
    public override int GetHashCode() => HashCode.Combine(Rooms.Count, LeftOut);
}

/// <summary><c>/who</c>: the asker's room, its members in connection order, and its leader; <paramref name="Detailed"/> as asked.</summary>
public sealed record RoomMembers(string Room, IReadOnlyList<string> Names, string Leader, bool Detailed = false) : Answer
{
    public bool Equals(RoomMembers? other) =>
        other is not null && Room == other.Room && Leader == other.Leader && Detailed == other.Detailed && Names.SequenceEqual(other.Names);
    public override int GetHashCode() => HashCode.Combine(Room, Leader);
}

/// <summary>A room's latest chat lines: on joining it (when it has any), or for <c>/history</c>.</summary>
public sealed record HistoryLines(string Room, IReadOnlyList<Said> Lines) : Answer
{
    public bool Equals(HistoryLines? other) => other is not null && Room == other.Room && Lines.SequenceEqual(other.Lines);
    public override int GetHashCode() => HashCode.Combine(Room, Lines.Count);
}

/// <summary><c>/help</c>.</summary>
public sealed record CommandList : Answer
{
    public static readonly CommandList Instance = new();
}

/// <summary>
/// <c>resume</c>: the room's kept chat lines after the position the client last saw, oldest
/// first. <paramref name="Complete"/> is false when the room's history may no longer reach
/// back that far, so some lines could be missing.
/// </summary>
public sealed record MissedLines(string Room, IReadOnlyList<Said> Lines, bool Complete) : Answer
{
    public bool Equals(MissedLines? other) =>
        other is not null && Room == other.Room && Complete == other.Complete && Lines.SequenceEqual(other.Lines);
    public override int GetHashCode() => HashCode.Combine(Room, Lines.Count, Complete);
}

/// <summary><c>/register</c> for a username that already has an account.</summary>
public sealed record AlreadyRegistered(string User) : Answer;

/// <summary><c>/password</c> whose old password was checked against a version that changed before it was folded.</summary>
public sealed record PasswordChangedMeanwhile : Answer
{
    public static readonly PasswordChangedMeanwhile Instance = new();
}

/// <summary><c>/topic</c>, and a joiner of a room with a topic: the room's topic, or null when it has none.</summary>
/// <param name="OnJoin">
/// Told to a joiner, right after its join (not asked for): a codec that shows the topic as part
/// of the join itself (IRC's 332 before the names) leaves this one out.
/// </param>
public sealed record TopicOf(string Room, Topic? Topic, bool OnJoin = false) : Answer;

/// <summary><c>/topic {text}</c> or <c>/kick</c> from a member who does not lead <paramref name="Room"/>.</summary>
public sealed record OnlyTheLeader(string Room) : Answer;

/// <summary><c>/kick {user}</c> where <paramref name="User"/> (as typed) is not in the leader's room.</summary>
public sealed record NotInRoom(string User, string Room) : Answer;

/// <summary><c>/msg {user}</c> where no one by that name is logged in.</summary>
public sealed record NoSuchUser(string User) : Answer;

/// <summary><c>/join {room}</c> by a user removed from it, <paramref name="Seconds"/> (rounded up) before they may.</summary>
public sealed record MayNotRejoinYet(string Room, long Seconds) : Answer;
/// <summary><c>/register</c> for a name that could pass for a registered one (<see cref="Accounts.LooksLike"/>).</summary>
public sealed record LooksLikeRegistered(string User) : Answer;

/// <summary><c>/register</c> when <see cref="ChatRules.MaxAccounts"/> accounts exist.</summary>
public sealed record AccountsFull(int Max) : Answer;

/// <summary><c>/register</c> when <see cref="ChatRules.MaxRegistrations"/> were made within the window; one more may be made after <paramref name="Wait"/>.</summary>
public sealed record RegistrationsPaused(TimeSpan Wait) : Answer;

/// <summary>
/// <c>/register</c> the edge did not hash because it would be refused, and that the chat would
/// no longer refuse by the time it was folded (an account removed, the window moved on).
/// </summary>
public sealed record RegisterAgain : Answer
{
    public static readonly RegisterAgain Instance = new();
}
