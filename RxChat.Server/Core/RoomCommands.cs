namespace RxChat.Server.Core;

// What one person says to another, and what a room's leader may do (PROTOCOL.md Part 3).

/// <summary>
/// <c>/msg {user} {text}</c>: a direct message, for <paramref name="User"/> alone; never kept in a
/// room's history. <paramref name="Quietly"/> (IRC's <c>NOTICE</c>, which is never answered): an
/// unknown user is not said either.
/// </summary>
public sealed record Tell(string User, string Text,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingDefault)] bool Quietly = false) : Command;

/// <summary><c>/me {action}</c>: an action, said in the sender's room like a chat line.</summary>
public sealed record Act(string Action) : Command;

// Room, when given, names the room the sender means (IRC's TOPIC #room and KICK #room): a
// room other than the sender's is refused, never answered or changed in the wrong room.

/// <summary><c>/topic</c>: the topic of the sender's room.</summary>
public sealed record ShowTopic(string? Room = null) : Command
{
    public static readonly ShowTopic Instance = new();
}

/// <summary><c>/topic {text}</c>: the room's leader sets its topic.</summary>
public sealed record SetTopic(string Topic, string? Room = null) : Command;

/// <summary><c>/kick {user} [reason]</c>: the room's leader removes <paramref name="User"/> from it.</summary>
public sealed record Kick(string User, string? Reason = null, string? Room = null) : Command;
