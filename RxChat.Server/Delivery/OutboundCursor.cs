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
    private long _skipped; // bytes of superseded views passed (skipped, or read before they were superseded); read by the fold
    private OutboundView? _lastView; // the newest view passed, read at least in part while it was current
    private long _lastViewRead; // bytes of it read

    /// <summary>Lines numbered from here on are not this cursor's (long.MaxValue while it follows).</summary>
    internal long EndNumber = long.MaxValue;

    /// <summary>The stream's head when the cursor was ended: the end of what it still has to read.</summary>
    internal long EndOffset;

    /// <summary>The stream's <see cref="OutboundStream.SupersededBytes"/> when the cursor was ended.</summary>
    internal long EndSuperseded;

    internal bool Released; // under the stream's gate
    internal int FollowerSlot = -1; // under the stream's gate
    internal int Version; // fold only: which deadline is current

    internal bool HasEnded => Volatile.Read(ref EndNumber) != long.MaxValue;

    /// <summary>
    /// Bytes between this cursor and the end of what it will read: the stream's bytes ahead of
    /// it, less the superseded views among them, which it will skip.
    /// </summary>
    public long Behind
    {
        get
        {
            long end = Volatile.Read(ref EndNumber);
            bool ended = end != long.MaxValue;
            long supersededAhead = (ended ? EndSuperseded : Stream.SupersededBytes) - SupersededPassed(end);
            return (ended ? EndOffset : Stream.Head) - Volatile.Read(ref _offset) - supersededAhead;
        }
    }

    /// <summary>
    /// Bytes of superseded views this cursor has passed. Views are superseded oldest first and
    /// only by a newer one, so of the views it read while they were current, only the last
    /// can have been superseded since without its knowing: it is looked at here.
    /// </summary>
    private long SupersededPassed(long endNumber) =>
        Volatile.Read(ref _skipped) + (Volatile.Read(ref _lastView) is { } last && last.IsSupersededFor(endNumber) ? Volatile.Read(ref _lastViewRead) : 0);

    /// <summary>Under the stream's gate, as it follows: everything appended so far, views included, is behind it.</summary>
    internal void Behold(long superseded, OutboundView? current)
    {
        _skipped = superseded;
        _lastView = current;
        _lastViewRead = current?.Bytes ?? 0;
    }

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

    /// <summary>
    /// Writer, after <see cref="Peek"/> gave a number: takes that line. <paramref name="superseded"/>:
    /// it is part of a view a newer one (which this cursor reads too) has replaced, to be skipped.
    /// </summary>
    internal ref readonly OutboundEntry Take(out bool superseded)
    {
        ref readonly var entry = ref Segment.Entries[Index++];
        long size = entry.Line.Bytes.Length;
        Volatile.Write(ref _offset, _offset + size); // first: a distance read meanwhile is short, never long
        superseded = entry.View is { } view && Passes(view, size);
        return ref entry;
    }

    /// <summary>Writer: passes a line of <paramref name="view"/>; true when it is superseded, so skipped.</summary>
    private bool Passes(OutboundView view, long size)
    {
        long end = Volatile.Read(ref EndNumber);
        if (_lastView is { } last && last != view)
        {
            // A newer view is here, so the last one read is superseded (by this one or one
            // before it): its bytes join the skipped ones once it is forgotten (in this order,
            // a distance read meanwhile is short, never long).
            long read = _lastViewRead;
            Volatile.Write(ref _lastView, null);
            Volatile.Write(ref _skipped, _skipped + read);
        }
        if (view.IsSupersededFor(end))
        {
            Volatile.Write(ref _skipped, _skipped + size);
            return true;
        }
        Volatile.Write(ref _lastViewRead, _lastView == view ? _lastViewRead + size : size);
        Volatile.Write(ref _lastView, view);
        return false;
    }

    /// <summary>Writer: ended, and every line numbered before its end has been read.</summary>
    internal bool IsFinished(long published)
    {
        long end = Volatile.Read(ref EndNumber);
        return end != long.MaxValue && end - 1 <= published && Peek(published) == 0;
    }
}
