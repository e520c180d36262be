using System.Buffers;
using RxChat.Server.Protocol;

namespace RxChat.Server.Delivery;

/// <summary>
/// One audience's lines in one codec — a room's text lines, everyone's JSON lines, one
/// connection's own replies — appended once by the fold and read by each follower through
/// its own <see cref="OutboundCursor"/>. Lines are kept in segments; a segment's bytes are
/// held (and counted against the node's budget) until its last reader has passed it.
/// <para>
/// The per-connection limit stays exact without visiting every follower on every append:
/// each follower's cursor carries a deadline, the head position at which its connection
/// could first pass its limit (<see cref="Outbox.Recheck"/>); an append looks only at the
/// deadlines it crosses.
/// </para>
/// </summary>
public sealed class OutboundStream
{
    /// <summary>Lines per segment of a shared stream (a room, everyone).</summary>
    public const int SharedSegmentLines = 256;

    /// <summary>Lines per segment of one connection's own replies: small, as most connections are idle.</summary>
    public const int OwnSegmentLines = 16;

    /// <summary>
    /// A segment is also closed once it holds this many bytes: memory is let go a segment at a
    /// time, so a reader at the head holds back at most this much it has already read.
    /// </summary>
    public const int SegmentBytes = 16 * 1024;

    private readonly OutboundBuffer _buffer;
    private readonly int _segmentLines;
    private readonly object _gate = new(); // segments' pins and release, the followers list
    private readonly List<OutboundCursor> _followers = []; // live cursors, to wake; under _gate
    private readonly List<OutboundCursor> _ended = []; // ended since the last wake: their writers wait for the end to be published; under _gate
    private readonly PriorityQueue<(OutboundCursor Cursor, int Version), long> _deadlines = new(); // fold only
    private OutboundSegment _tail;
    private OutboundSegment? _oldest; // the oldest segment still held; null when nothing is
    private long _head; // bytes ever appended
    private long _supersededBytes; // bytes of views ever superseded (their readers skip them)
    private OutboundView? _view; // fold only: the newest view appended
    private int _cursors; // cursors not yet let go (followers and ended ones still reading); under _gate
    private int _waking;
    private bool _prompt; // fold only: a line that must not wait was appended (or a follower ended) since the last wake
    private int _noticeWakeArmed; // a delayed wake for notices is under way

    public OutboundStream(OutboundBuffer buffer, int segmentLines = SharedSegmentLines)
    {
        _buffer = buffer;
        _segmentLines = segmentLines;
        _tail = _oldest = new OutboundSegment(segmentLines);
    }

    /// <summary>Connections following it now (fold only): no follower, nothing to render or append.</summary>
    public int Followers { get; private set; }

    /// <summary>Bytes ever appended: the head, against which a cursor's distance is measured.</summary>
    public long Head => Volatile.Read(ref _head);

    /// <summary>
    /// Bytes of the views ever superseded: appended, but skipped by every reader that had not
    /// reached them, so not part of what a cursor behind them has queued (<see cref="OutboundCursor.Behind"/>).
    /// </summary>
    internal long SupersededBytes => Volatile.Read(ref _supersededBytes);

    internal OutboundBuffer Buffer => _buffer;

    /// <summary>
    /// Appends one line for every follower but <paramref name="except"/> (a sender hears no
    /// echo). First cuts off any follower this line would put past its limit, and makes room
    /// in the node's budget. Readable once the buffer publishes; a <paramref name="notice"/>
    /// may wait up to <see cref="OutboundBuffer.NoticeDelay"/> for its readers to be woken.
    /// </summary>
    public void Append(OutboundLine line, Outbox? except = null, bool notice = false) => Append(line, except, notice, view: null);

    /// <summary>
    /// As <see cref="Append(OutboundLine, Outbox?, bool)"/>, for a line of <paramref name="view"/>
    /// (a room's member list as it is now). The first line of a new view supersedes the view
    /// before it: a reader that has not reached that one yet skips it, and reads this one at
    /// its own place in the order instead.
    /// </summary>
    internal void Append(OutboundLine line, Outbox? except, bool notice, OutboundView? view)
    {
        if (Followers == 0) return; // nobody would read it
        if (!notice) _prompt = true;
        if (view is not null && view != _view) Supersede(view);
        long size = line.Bytes.Length;
        CheckDeadlines(size);
        _buffer.MakeRoom(size);
        lock (_gate)
        {
            if (_tail.Count == _segmentLines || _tail.Bytes >= SegmentBytes || _tail.Released) NewTail();
            _tail.Add(line, except, view, _buffer.Number(), size);
            Volatile.Write(ref _head, _head + size);
            if (view is not null) view.Bytes += size;
            _buffer.Held(size);
            if (_cursors == 0) ReleasePassedSegments(); // its followers were all cut off: nobody holds it
        }
        _buffer.Counted();
        _buffer.Touched(this);
    }

    /// <summary>Fold: <paramref name="newer"/> is the stream's view from now on; the one before it is superseded.</summary>
    private void Supersede(OutboundView newer)
    {
        if (_view is { Bytes: > 0 } previous)
        {
            previous.Supersede(_buffer.NextNumber); // the number the newer view's first line gets
            Volatile.Write(ref _supersededBytes, _supersededBytes + previous.Bytes);
        }
        _view = newer;
    }

    /// <summary>A new follower, reading from the head on: what was appended before is not its.</summary>
    internal OutboundCursor Follow(Outbox owner)
    {
        OutboundCursor cursor;
        lock (_gate)
        {
            if (_tail.Released) NewTail();
            cursor = new OutboundCursor(this, owner, _tail, _tail.Count, _head) { FollowerSlot = _followers.Count };
            cursor.Behold(_supersededBytes, _view); // what was appended before is behind it, views included
            _tail.Pins++;
            _cursors++;
            _followers.Add(cursor);
        }
        Followers++;
        _buffer.Counted();
        return cursor;
    }

    /// <summary>
    /// The follower stops following: it reads what was appended before now, nothing after
    /// (a connection leaving a room does not hear the room's later lines).
    /// </summary>
    internal void Unfollow(OutboundCursor cursor)
    {
        if (cursor.HasEnded) return;
        cursor.EndOffset = Head;
        cursor.EndSuperseded = _supersededBytes;
        cursor.Version++;
        _prompt = true; // its writer may be waiting only for this end, to finish
        Volatile.Write(ref cursor.EndNumber, _buffer.NextNumber);
        lock (_gate)
        {
            RemoveFollower(cursor);
            _ended.Add(cursor);
        }
        Followers--;
        _buffer.Counted();
        _buffer.Touched(this); // its writer may be waiting only for this cursor to end
    }

    /// <summary>Fold only: re-check <paramref name="cursor"/>'s connection before the head passes <paramref name="deadline"/>.</summary>
    internal void Watch(OutboundCursor cursor, long deadline)
    {
        _deadlines.Enqueue((cursor, cursor.Version), deadline);
        if (_deadlines.Count > 2 * Followers + 64) DropStaleDeadlines();
    }

    /// <summary>Any thread: the cursor will read no more (it finished, or its connection is gone).</summary>
    internal void LetGo(OutboundCursor cursor)
    {
        lock (_gate)
        {
            if (cursor.Released) return;
            cursor.Released = true;
            cursor.Segment.Pins--;
            _cursors--;
            RemoveFollower(cursor);
            ReleasePassedSegments();
        }
    }

    /// <summary>Writer: the cursor moves on to the next segment.</summary>
    internal void Cross(OutboundCursor cursor, OutboundSegment next)
    {
        lock (_gate)
        {
            if (!cursor.Released)
            {
                cursor.Segment.Pins--;
                next.Pins++;
            }
            cursor.Segment = next;
            cursor.Index = 0;
            ReleasePassedSegments();
        }
    }

    /// <summary>Any thread (after a publish): wakes every follower's writer, off the fold's thread.</summary>
    internal void WakeReaders()
    {
        if (!_prompt && _segmentLines != OwnSegmentLines)
        {
            // Only notices since the last wake: they go with the next prompt line, or when
            // the notice delay is up, whichever comes first.
            if (Interlocked.Exchange(ref _noticeWakeArmed, 1) == 0)
                _ = Task.Delay(_buffer.NoticeDelay).ContinueWith(static (_, stream) => ((OutboundStream)stream!).WakeNoticed(), this, TaskScheduler.Default);
            return;
        }
        _prompt = false;
        if (_segmentLines == OwnSegmentLines)
        {
            WakeAll(); // one follower: cheaper than a hand-off
            return;
        }
        if (Interlocked.Exchange(ref _waking, 1) == 0)
            ThreadPool.UnsafeQueueUserWorkItem(static stream => stream.WakeAll(), this, preferLocal: false);
    }

    /// <summary>On the fold's thread, after a publish: wakes every follower's writer here and now (<see cref="Outbox.ReadsInline"/>).</summary>
    internal void WakeReadersNow()
    {
        _prompt = false;
        WakeAll();
    }

    private void WakeNoticed()
    {
        Volatile.Write(ref _noticeWakeArmed, 0);
        WakeAll();
    }

    private void WakeAll()
    {
        Volatile.Write(ref _waking, 0); // a publish from now on wakes them again
        // Copied under the lock, rung outside it: the fold appends under the same lock, and
        // must not wait while thousands of writers are rung.
        OutboundCursor[] toWake;
        int count;
        lock (_gate)
        {
            count = _followers.Count + _ended.Count;
            toWake = ArrayPool<OutboundCursor>.Shared.Rent(count);
            _followers.CopyTo(toWake);
            _ended.CopyTo(toWake, _followers.Count);
            _ended.Clear();
        }
        bool replies = _segmentLines == OwnSegmentLines; // one connection's own lines: they may go first
        for (int i = 0; i < count; i++) toWake[i].Owner.Ring(replies);
        ArrayPool<OutboundCursor>.Shared.Return(toWake, clearArray: true);
    }

    private void CheckDeadlines(long incoming)
    {
        while (_deadlines.TryPeek(out var watched, out long deadline) && deadline < _head + incoming)
        {
            _deadlines.Dequeue();
            var (cursor, version) = watched;
            if (cursor.Version != version || cursor.HasEnded) continue; // re-budgeted since, or gone
            _buffer.Counted();
            cursor.Owner.Recheck(this, incoming);
        }
    }

    private void DropStaleDeadlines()
    {
        var live = _deadlines.UnorderedItems.Where(item => item.Element.Cursor.Version == item.Element.Version && !item.Element.Cursor.HasEnded).ToList();
        _deadlines.Clear();
        foreach (var (element, priority) in live) _deadlines.Enqueue(element, priority);
    }

    private void NewTail()
    {
        var segment = new OutboundSegment(_segmentLines);
        if (!_tail.Released) Volatile.Write(ref _tail.Next, segment);
        _tail = segment;
        _oldest ??= segment;
    }

    private void RemoveFollower(OutboundCursor cursor)
    {
        int slot = cursor.FollowerSlot;
        if (slot < 0) return;
        var last = _followers[^1];
        _followers[slot] = last;
        last.FollowerSlot = slot;
        _followers.RemoveAt(_followers.Count - 1);
        cursor.FollowerSlot = -1;
    }

    /// <summary>
    /// Segments nobody will read again are let go, oldest first: a segment is held while a
    /// cursor is in it or before it. The tail goes too once no cursor is left at all.
    /// </summary>
    private void ReleasePassedSegments()
    {
        while (_oldest is { Pins: 0 } segment && (segment != _tail || _cursors == 0))
        {
            segment.Released = true;
            _buffer.Freed(segment.Bytes);
            segment.Bytes = 0;
            _oldest = segment == _tail ? null : segment.Next;
            // Unlinked, as nobody reads it again (no cursor is in it or before it): a released
            // segment the GC has already promoted stays in its older generation, dead, until
            // that generation is collected, and every young collection meanwhile treats its
            // fields as roots. Its link would keep the next segment alive, which would keep the
            // next, so every line ever appended would be promoted in turn (measured:
            // bench/results/ws-gc-*). A let-go cursor still peeking here sees the end.
            Volatile.Write(ref segment.Next, null);
        }
    }
}

/// <summary>A fixed run of lines of one stream; the fold fills it, readers read it behind the published number.</summary>
internal sealed class OutboundSegment(int lines)
{
    public readonly OutboundEntry[] Entries = new OutboundEntry[lines];
    public int Count; // fold only
    public OutboundSegment? Next; // set once, by the fold; cleared when the segment is released
    public long Bytes; // held, until released; under the stream's gate
    public int Pins; // cursors in this segment; under the stream's gate
    public bool Released; // under the stream's gate

    public void Add(OutboundLine line, Outbox? except, OutboundView? view, long number, long size)
    {
        ref var entry = ref Entries[Count++];
        entry.Line = line;
        entry.Except = except;
        entry.View = view;
        Volatile.Write(ref entry.Number, number); // last: a reader that sees the number sees the line
        Bytes += size;
    }
}

/// <summary>One line in a stream: its number in log order, the one follower not to send it to, and the view it is part of, if any.</summary>
internal struct OutboundEntry
{
    public long Number;
    public OutboundLine Line;
    public Outbox? Except;
    public OutboundView? View;
}
