using RxChat.Client.Lines;
using RxChat.Protocol;

namespace RxChat.Client.Session;

/// <summary>
/// Which room the user is in, as far as the server has said — for the prompt, for telling
/// the user locally that a message would go nowhere, and to join the room again after a
/// reconnect. Pure: each step returns a new memory.
/// </summary>
/// <remarks>
/// A room counts only once the server confirms it (<c>You joined room X</c> after our own
/// <c>/join</c>): a <c>/join</c> the server refuses, or one typed with no room, changes
/// nothing. The confirmed name is the server's, which has already trimmed it.
/// </remarks>
/// <param name="Room">The room the server last confirmed on this connection.</param>
/// <param name="JoinPending">A <c>/join</c> was sent and not answered yet.</param>
/// <param name="Rejoin">The room to join again once a new connection is welcomed.</param>
internal sealed record RoomMemory(string? Room, bool JoinPending, string? Rejoin = null)
{
    public static RoomMemory Nowhere { get; } = new(null, false);

    /// <summary>
    /// Whether a chat line sent now would reach a room: the server confirmed one, or a
    /// <c>/join</c> is on its way and the server handles lines in order.
    /// </summary>
    public bool CanChat => Room is not null || JoinPending;

    /// <summary>After the user (or the client on their behalf) sent <paramref name="line"/>.</summary>
    public RoomMemory Sent(string line) =>
        line.Trim().StartsWith(ClientLines.JoinPrefix, StringComparison.Ordinal) ? this with { JoinPending = true } : this;

    /// <summary>After the server said <paramref name="line"/>.</summary>
    public RoomMemory Received(ServerLine line)
    {
        if (line.Shape == ServerLines.JoinedRoom)
            return JoinPending ? new(line.Room, false) : this;
        // Replies to /room and to a repeated /join state the room outright.
        if (line.Shape == ServerLines.InRoom || line.Shape == ServerLines.AlreadyInRoom)
            return this with { Room = line.Room, JoinPending = false };
        if (line.Shape == ServerLines.NotInAnyRoom) return this with { Room = null };
        // Removed by the room's leader: in no room, and not to be rejoined on a reconnect.
        if (line.Shape == ServerLines.YouWereRemoved || line.Shape == ServerLines.YouWereRemovedBecause)
            return this with { Room = null, Rejoin = null };
        // A refused /join (bad room name, usage) answers the pending join.
        return line.Kind == LineKind.Error ? this with { JoinPending = false } : this;
    }

    /// <summary>A new connection starts in no room; the memory keeps the room to join again.</summary>
    public RoomMemory Reconnected() => new(null, false, Room ?? Rejoin);
}
