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
[JsonDerivedType(typeof(RoomList), "rooms")]
[JsonDerivedType(typeof(RoomMembers), "members")]
[JsonDerivedType(typeof(HistoryLines), "history")]
[JsonDerivedType(typeof(CommandList), "help")]
[JsonDerivedType(typeof(MissedLines), "missed")]
[JsonDerivedType(typeof(AlreadyRegistered), "already-registered")]
[JsonDerivedType(typeof(PasswordChangedMeanwhile), "password-changed-meanwhile")]
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

/// <summary>A room and how many are in it.</summary>
public readonly record struct RoomCount(string Room, int Members);

/// <summary><c>/rooms</c>: every room, by name, with its member count.</summary>
public sealed record RoomList(IReadOnlyList<RoomCount> Rooms) : Answer
{
    public bool Equals(RoomList? other) => other is not null && Rooms.SequenceEqual(other.Rooms);
    public override int GetHashCode() => Rooms.Count;
}

/// <summary><c>/who</c>: the asker's room, its members in connection order, and its leader.</summary>
public sealed record RoomMembers(string Room, IReadOnlyList<string> Names, string Leader) : Answer
{
    public bool Equals(RoomMembers? other) =>
        other is not null && Room == other.Room && Leader == other.Leader && Names.SequenceEqual(other.Names);
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
