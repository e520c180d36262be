namespace RxChat.Server.Delivery;

/// <summary>
/// Lines appended to a stream as a view of something as it is now — a room's member list
/// (PROTOCOL.md Part 4's <c>room</c> object) — rather than as news of a change. A newer view
/// appended to the same stream supersedes it (<see cref="OutboundStream.Append(RxChat.Server.Protocol.OutboundLine, Outbox?, bool, OutboundView?)"/>): a reader
/// that has not reached it yet skips it, since the newer one, further on in the same order,
/// says all it says and is current. A reader that falls behind while a room fills is then
/// sent one member list, not one per join, and its queue counts only that one.
/// <para>
/// What a view supersedes is decided by the fold alone; readers only look
/// (<see cref="IsSupersededFor"/>).
/// </para>
/// </summary>
internal sealed class OutboundView
{
    private long _supersededBy; // the number of the newer view's first line; 0 while this is the newest

    /// <summary>Fold only: the bytes of its lines, appended so far.</summary>
    public long Bytes { get; set; }

    /// <summary>Fold: a newer view, whose first line is numbered <paramref name="number"/>, replaces this one.</summary>
    public void Supersede(long number) => Volatile.Write(ref _supersededBy, number);

    /// <summary>
    /// Any thread: whether a reader that reads the lines numbered below <paramref name="endNumber"/>
    /// (long.MaxValue while it follows the stream) also reads the view that replaced this one,
    /// so it may skip this one. A reader that stopped following before the newer view was
    /// appended (it left the room) keeps this one: it is its last word on the room.
    /// </summary>
    public bool IsSupersededFor(long endNumber)
    {
        long by = Volatile.Read(ref _supersededBy);
        return by != 0 && by < endNumber;
    }
}
