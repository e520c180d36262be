namespace RxChat.Server.Delivery;

/// <summary>
/// One connection's place in one <see cref="OutboundStream"/>. Its writer moves it forward;
/// the fold may end it (the connection left the room), after which it reads only the lines
/// numbered before the end. Its distance behind the head is what the connection has queued
/// from that stream.
/// </summary>
public sealed class OutboundCursor
{
    internal OutboundCursor(OutboundStream stream, Outbox owner, OutboundSegment segment, int index, long offset)
    {
        Stream = stream;
        Owner = owner;
        Segment = segment;
        Index = index;
        _offset = offset;
    }

    public OutboundStream Stream { get; }
    internal Outbox Owner { get; }

    // The writer's: where the next line is.
    internal OutboundSegment Segment;
    internal int Index;
    private long _offset; // bytes of the stream passed, read by the fold for the distance

    /// <summary>Lines numbered from here on are not this cursor's (long.MaxValue while it follows).</summary>
    internal long EndNumber = long.MaxValue;

    /// <summary>The stream's head when the cursor was ended: the end of what it still has to read.</summary>
    internal long EndOffset;

    internal bool Released; // under the stream's gate
    internal int FollowerSlot = -1; // under the stream's gate
    internal int Version; // fold only: which deadline is current

    internal bool HasEnded => Volatile.Read(ref EndNumber) != long.MaxValue;

    /// <summary>Bytes between this cursor and the end of what it will read.</summary>
    public long Behind => (HasEnded ? EndOffset : Stream.Head) - Volatile.Read(ref _offset);

    /// <summary>
    /// Writer: the number of the next line this cursor may read, given the highest number
    /// published; 0 when there is none yet (or none ever, once it has ended).
    /// </summary>
    internal long Peek(long published)
    {
        while (true)
        {
            long number = Index < Segment.Entries.Length ? Volatile.Read(ref Segment.Entries[Index].Number) : 0;
            if (number == 0)
            {
                // Nothing here yet, or ever: a segment with a next one is closed (full, or at its
                // byte cap). What the fold wrote before linking it is seen once the link is.
                var next = Volatile.Read(ref Segment.Next);
                if (next is null) return 0;
                if (Index < Segment.Entries.Length && Volatile.Read(ref Segment.Entries[Index].Number) != 0) continue;
                Stream.Cross(this, next);
                continue;
            }
            return number > published || number >= Volatile.Read(ref EndNumber) ? 0 : number;
        }
    }

    /// <summary>Writer, after <see cref="Peek"/> gave a number: takes that line.</summary>
    internal ref readonly OutboundEntry Take()
    {
        ref readonly var entry = ref Segment.Entries[Index++];
        Volatile.Write(ref _offset, _offset + entry.Line.Bytes.Length);
        return ref entry;
    }

    /// <summary>Writer: ended, and every line numbered before its end has been read.</summary>
    internal bool IsFinished(long published)
    {
        long end = Volatile.Read(ref EndNumber);
        return end != long.MaxValue && end - 1 <= published && Peek(published) == 0;
    }
}
