using RxChat.Client.Lines;

namespace RxChat.Client.Session;

/// <summary>
/// Which room the user is in, as far as the server has said — so that after a reconnect
/// the client can join it again. Pure: each step returns a new memory.
/// </summary>
/// <remarks>
/// A room counts only once the server confirms it (<c>You joined room X</c> after our own
/// <c>/join</c>): a <c>/join</c> the server refuses, or one typed with no room, changes
/// nothing. The confirmed name is the server's, which has already trimmed it.
/// </remarks>
internal sealed record RoomMemory(string? Room, bool JoinPending)
{
    private const string JoinCommand = "/join ";

    public static RoomMemory Nowhere { get; } = new(null, false);

    /// <summary>After the user (or the client on their behalf) sent <paramref name="line"/>.</summary>
    public RoomMemory Sent(string line) =>
        line.Trim().StartsWith(JoinCommand, StringComparison.Ordinal) ? this with { JoinPending = true } : this;

    /// <summary>After the server said <paramref name="line"/>.</summary>
    public RoomMemory Received(ServerLine line)
    {
        if (ServerLineClassifier.JoinedRoom(line) is { } joined && JoinPending) return new(joined, false);
        if (line.Kind != LineKind.RoomReply) return this;
        // Replies to /room and to a repeated /join state the room outright.
        if (line.Text.StartsWith("You are in room ", StringComparison.Ordinal)
            || line.Text.StartsWith("You are already in room ", StringComparison.Ordinal))
            return this with { Room = line.Room };
        return line.Text == "You are not in any room" ? this with { Room = null } : this;
    }

    /// <summary>A new connection starts in no room; the memory keeps the room to rejoin.</summary>
    public RoomMemory Reconnected() => this with { JoinPending = false };
}
