using RxChat.Client.Rendering;

namespace RxChat.Client.Lines;

/// <summary>
/// Recognises the server's lines (PROTOCOL.md, Part 1, plus RxChat's extra replies).
/// Pure: the same line always gives the same <see cref="ServerLine"/>.
/// </summary>
/// <remarks>
/// The protocol is text for people, so some lines are ambiguous. The rules, in order:
/// <list type="bullet">
/// <item>A stamped line whose first <c>": "</c> comes after a non-empty name is chat. So
/// <c>[T] bob: x joined the room</c> is bob speaking, and <c>[T] bob: [12:00:00] eve: hi</c>
/// is bob quoting a timestamp; a username with brackets (<c>[T] [admin]: hi</c>) is still a
/// name. Only a username that itself contains <c>": "</c> is misread, which is rarer than a
/// message that contains it.</item>
/// <item>Otherwise <c>… joined the room</c> is a join and <c>… left the room R</c> a leave;
/// names and rooms may contain spaces.</item>
/// <item>Anything unrecognised is a plain reply: shown, never dropped.</item>
/// </list>
/// </remarks>
internal static class ServerLineClassifier
{
    public const string WelcomeLine = "Welcome to the chat server!";
    public const string ShutdownLine = "Server is shutting down";
    public const string YouJoinedRoom = "You joined room ";

    private const string JoinedSuffix = " joined the room";
    private const string LeftInfix = " left the room ";
    private const string LeaderPrefix = "Leader of room ";
    private const string UsersPrefix = "Users: ";
    private const string StampLength = "[12:34:56] ";

    private static readonly string[] RoomReplyPrefixes =
        ["You joined room ", "You are in room ", "You are already in room "];

    private static readonly string[] ExactRoomReplies = ["You are not in any room", "No leader (join a room first)"];

    private static readonly string[] ErrorPrefixes =
        ["Unknown command", "Usage: ", "Join a room first", "Line too long", "Slow down",
         "Room name ", "Server is full"];   // RxChat's refusals: a bad room name, no room for a new connection

    public static ServerLine Classify(string received)
    {
        var text = RxChat.Protocol.TerminalText.Clean(received);

        if (TrySplitStamp(text, out var time, out var rest))
            return ClassifyStamped(text, time, rest);

        if (text == WelcomeLine) return new(LineKind.Welcome, text);
        if (text == ShutdownLine) return new(LineKind.ServerShutdown, text);
        if (text.StartsWith(LeaderPrefix, StringComparison.Ordinal) && TryLeader(text) is { } leader)
            return leader;
        if (text.StartsWith(UsersPrefix, StringComparison.Ordinal))
            return new(LineKind.Users, text) { Users = text[UsersPrefix.Length..].Split(", ") };
        foreach (var prefix in RoomReplyPrefixes)
            if (text.StartsWith(prefix, StringComparison.Ordinal) && text.Length > prefix.Length)
                return new(LineKind.RoomReply, text) { Room = text[prefix.Length..] };
        if (ExactRoomReplies.Contains(text)) return new(LineKind.RoomReply, text);
        if (IsError(text)) return new(LineKind.Error, text);
        return new(LineKind.Reply, text);
    }

    /// <summary>The room named by a <c>You joined room X</c> reply, if the line is one.</summary>
    public static string? JoinedRoom(ServerLine line) =>
        line.Kind == LineKind.RoomReply && line.Text.StartsWith(YouJoinedRoom, StringComparison.Ordinal)
            ? line.Room
            : null;

    private static ServerLine ClassifyStamped(string text, string time, string rest)
    {
        var colon = rest.IndexOf(": ", StringComparison.Ordinal);
        if (colon > 0)
            return new(LineKind.Chat, text) { Time = time, User = rest[..colon], Message = rest[(colon + 2)..] };

        if (rest.EndsWith(JoinedSuffix, StringComparison.Ordinal) && rest.Length > JoinedSuffix.Length)
            return new(LineKind.Joined, text) { Time = time, User = rest[..^JoinedSuffix.Length] };

        var left = rest.IndexOf(LeftInfix, StringComparison.Ordinal);
        if (left > 0 && rest.Length > left + LeftInfix.Length)
            return new(LineKind.Left, text) { Time = time, User = rest[..left], Room = rest[(left + LeftInfix.Length)..] };

        // A stamp we cannot read further (a future server line): keep the stamp dim at least.
        return new(LineKind.Reply, text) { Time = time };
    }

    private static ServerLine? TryLeader(string text)
    {
        // "Leader of room R: L". The room is whatever the user typed after /join and may
        // contain ": " itself, while a name with ": " is rarer: split at the last one.
        var body = text[LeaderPrefix.Length..];
        var colon = body.LastIndexOf(": ", StringComparison.Ordinal);
        return colon > 0 && colon + 2 < body.Length
            ? new(LineKind.Leader, text) { Room = body[..colon], User = body[(colon + 2)..] }
            : null;
    }

    private static bool IsError(string text)
    {
        foreach (var prefix in ErrorPrefixes)
            if (text.StartsWith(prefix, StringComparison.Ordinal)) return true;
        // RxChat refuses a login with e.g. Username "bob" is already in use.
        return text.StartsWith("Username ", StringComparison.Ordinal);
    }

    /// <summary>Splits <c>[HH:MM:SS] rest</c>; digits only, so <c>[red] x</c> is not a stamp.</summary>
    private static bool TrySplitStamp(string text, out string time, out string rest)
    {
        time = rest = "";
        if (text.Length < StampLength.Length || text[0] != '[' || text[9] != ']' || text[10] != ' ') return false;
        var stamp = text.AsSpan(1, 8);
        for (var i = 0; i < stamp.Length; i++)
        {
            var expectColon = i is 2 or 5;
            if (expectColon ? stamp[i] != ':' : !char.IsAsciiDigit(stamp[i])) return false;
        }
        time = stamp.ToString();
        rest = text[StampLength.Length..];
        return true;
    }
}
