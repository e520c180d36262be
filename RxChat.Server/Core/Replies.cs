using System.Globalization;

namespace RxChat.Server.Core;

/// <summary>
/// Every line the server says, exactly as PROTOCOL.md spells it. Part 1 lines are the
/// original server's bytes and must never change.
/// </summary>
public static class Replies
{
    public const string Welcome = "Welcome to the chat server!";
    public const string NotInAnyRoom = "You are not in any room";
    public const string JoinUsage = "Usage: /join <room>";
    public const string NoLeader = "No leader (join a room first)";
    public const string UnknownCommand = "Unknown command";
    public const string JoinARoomFirst = "Join a room first using /join <room>";
    public const string ShuttingDown = "Server is shutting down";

    public static string Users(IEnumerable<string> names) => "Users: " + string.Join(", ", names);
    public static string InRoom(string room) => $"You are in room {room}";
    public static string JoinedRoom(string room) => $"You joined room {room}";
    public static string AlreadyInRoom(string room) => $"You are already in room {room}";
    public static string LeaderOf(string room, string leader) => $"Leader of room {room}: {leader}";

    public static string Chat(DateTimeOffset clock, string user, string text) => $"[{Time(clock)}] {user}: {text}";
    public static string Joined(DateTimeOffset clock, string user) => $"[{Time(clock)}] {user} joined the room";
    public static string Left(DateTimeOffset clock, string user, string room) => $"[{Time(clock)}] {user} left the room {room}";

    /// <summary>The <c>HH:MM:SS</c> of a broadcast: 24-hour, culture-independent.</summary>
    public static string Time(DateTimeOffset clock) => clock.ToString("HH:mm:ss", CultureInfo.InvariantCulture);
}
