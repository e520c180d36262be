using RxChat.Protocol;
using RxChat.Server.Protocol;

namespace RxChat.Server.Delivery;

/// <summary>
/// The node's shared outbound buffer: every line on its way out is appended once, to one
/// <see cref="OutboundStream"/> (a room's, everyone's, or one connection's own replies), and
/// each connection's writer reads the streams it follows through its own cursors
/// (<see cref="Outbox"/>). A broadcast therefore costs the fold one append, whatever the size
/// of the room; the bytes of a line exist once, for as long as its slowest reader needs them.
/// <para>
/// It numbers every line in the order the fold appends them (log order), and it holds the
/// one memory budget of the node: the bytes all streams hold for readers that have not yet
/// passed them. Everything here is called by the fold, except where a member says otherwise.
/// </para>
/// </summary>
public sealed class OutboundBuffer
{
    private readonly HashSet<OutboundStream> _touched = new(ReferenceEqualityComparer.Instance);
    private readonly HashSet<Outbox> _outboxes = new(ReferenceEqualityComparer.Instance);
    private long _next = 1; // the number the next line appended gets; 0 means "no line"
    private long _published; // lines numbered up to this one may be read (written by the fold, read by writers)
    private long _held;
    private long _peakHeld;
    private long _scanAgainAt; // a scan that could free nothing is not repeated before this line number
    private bool _wakeInline; // a writer reads on the fold's thread (Outbox.ReadsInline): every wake is at once, here

    /// <summary>
    /// The longest a notice (someone joined or left, a new leader) waits for its readers to be
    /// woken when nothing prompt follows it. Waking a room's readers costs a send to each of
    /// them, and a storm of joins or leaves would otherwise cost one per notice: held this
    /// long, a room's notices leave together (bench/README.md: a 19,800-connection storm made
    /// 1.08 M sends without, 0.76 M with). A prompt line (chat, an answer, a hang-up) wakes
    /// them at once and takes every notice before it along, in order.
    /// </summary>
    public static readonly TimeSpan DefaultNoticeDelay = TimeSpan.FromMilliseconds(100);

    /// <param name="maxHeldBytes">The memory budget: the most bytes held for all readers together.</param>
    /// <param name="noticeDelay">How long notices may wait for a prompt line (<see cref="DefaultNoticeDelay"/>).</param>
    public OutboundBuffer(long maxHeldBytes, TimeSpan? noticeDelay = null)
    {
        MaxHeldBytes = maxHeldBytes;
        NoticeDelay = noticeDelay ?? DefaultNoticeDelay;
    }

    /// <summary>How long notices may wait for a prompt line to wake their readers.</summary>
    public TimeSpan NoticeDelay { get; }

    /// <summary>The memory budget: when an append would pass it, the readers furthest behind are cut off first.</summary>
    public long MaxHeldBytes { get; }

    /// <summary>Bytes held by every stream for readers that have not passed them yet (any thread).</summary>
    public long HeldBytes => Interlocked.Read(ref _held);

    /// <summary>The most <see cref="HeldBytes"/> ever were just after an append (the budget check's witness).</summary>
    public long PeakHeldBytes => Interlocked.Read(ref _peakHeld);

    /// <summary>
    /// Appends, follows, unfollows and cut-offs the fold has done, one per line or per
    /// connection touched: the deterministic measure of the work a broadcast costs the fold.
    /// </summary>
    public long FoldOperations { get; private set; }

    /// <summary>Readers cut off because the budget was full.</summary>
    public int CutForBudget { get; private set; }

    /// <summary>The highest line number readers may see (any thread).</summary>
    internal long Published => Volatile.Read(ref _published);

    /// <summary>The number the next appended line will get: a cursor ended now reads nothing from here on.</summary>
    internal long NextNumber => _next;

    internal long Number() => _next++;

    internal void Counted(int operations = 1) => FoldOperations += operations;

    /// <summary>Makes every line appended so far readable, and wakes the writers of the streams that grew.</summary>
    public void Publish()
    {
        Volatile.Write(ref _published, _next - 1);
        foreach (var stream in _touched)
        {
            if (_wakeInline) stream.WakeReadersNow();
            else stream.WakeReaders();
        }
        _touched.Clear();
    }

    internal void Touched(OutboundStream stream) => _touched.Add(stream);

    internal void Register(Outbox outbox)
    {
        _outboxes.Add(outbox);
        _wakeInline |= outbox.ReadsInline;
    }

    internal void Forget(Outbox outbox) => _outboxes.Remove(outbox);

    internal void Held(long bytes)
    {
        long now = Interlocked.Add(ref _held, bytes);
        if (now > Interlocked.Read(ref _peakHeld)) Interlocked.Exchange(ref _peakHeld, now);
    }

    /// <summary>Any thread: a segment's last reader passed it.</summary>
    internal void Freed(long bytes) => Interlocked.Add(ref _held, -bytes);

    /// <summary>
    /// Before <paramref name="bytes"/> more are held: while they would pass the budget, the
    /// reader furthest behind is cut off (its cursors let go at once, freeing what only it held).
    /// A reader less than a segment behind holds nothing back that cutting it would free
    /// (memory is let go a segment at a time), so it is never cut for the budget.
    /// </summary>
    internal void MakeRoom(long bytes)
    {
        if (HeldBytes + bytes <= MaxHeldBytes || _next < _scanAgainAt) return;
        _outboxes.RemoveWhere(outbox => outbox.IsClosed);
        var behind = _outboxes.Select(outbox => (Outbox: outbox, Queued: outbox.QueuedBytes))
            .Where(o => o.Queued > OutboundStream.SegmentBytes)
            .OrderByDescending(o => o.Queued)
            .ToList();
        FoldOperations += _outboxes.Count;
        foreach (var (outbox, queued) in behind)
        {
            if (HeldBytes + bytes <= MaxHeldBytes) break;
            outbox.CutOff(ServerLines.OverBudget.Render(MaxHeldBytes.ToString()));
            _outboxes.Remove(outbox);
            CutForBudget++;
        }
        // Still over: what is held is the segments readers at the head are still in, which
        // cutting frees nothing of. Looking again at every line would cost every line a scan.
        if (HeldBytes + bytes > MaxHeldBytes) _scanAgainAt = _next + OutboundStream.SharedSegmentLines;
    }
}
