using System.Runtime.CompilerServices;
using System.Threading.Channels;
using RxChat.Protocol;
using RxChat.Server.Protocol;

namespace RxChat.Server.Delivery;

/// <summary>
/// What one connection is sent: its cursors in the streams it follows (its own replies,
/// everyone's lines once logged in, its room's lines while in a room), merged by line
/// number — log order — for its writer. What it has queued is the sum of its cursors'
/// distances behind their heads; the chat never waits for a slow reader: before a line
/// would put it past <see cref="MaxBytes"/>, it is cut off (<see cref="CutOff"/>), so the
/// room goes on without it.
/// <para>
/// The fold appends and publishes (<see cref="OutboundBuffer.Publish"/>), which wakes the
/// writer once for many lines; the writer takes them in batches, many lines, one write.
/// </para>
/// </summary>
public sealed class Outbox(long maxBytes)
{
    // The writer that waits (WaitAsync: TLS, WebSocket) sleeps on a doorbell; one that is rung
    // (Wake: a plain connection's send loop) never needs it, so it is made only when first used:
    // most connections are plain and idle, and it is most of what their outbox weighs.
    private Channel<bool>? _doorbell;
    private readonly object _gate = new(); // the cursor list, changed by the fold and the writer
    private OutboundCursor[] _cursors = [];
    private OutboundBuffer? _buffer; // set once, by the fold, before any line
    private OutboundCursor? _own;
    private int _rung;
    private volatile bool _completed;
    private volatile bool _closed;
    private OutboundLine? _carried; // writer only: taken, did not fit in the last batch
    private IReadOnlyList<OutboundLine>? _pieces; // writer only: a reply rendered when taken (OutboundLine.Later), being written
    private int _piece; // writer only: the next of _pieces

    private Channel<bool> Doorbell => LazyInitializer.EnsureInitialized(ref _doorbell,
        static () => Channel.CreateUnbounded<bool>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = false }));

    /// <summary>The most bytes that may wait for this connection.</summary>
    public long MaxBytes { get; } = maxBytes;

    /// <summary>
    /// For a writer that is rung rather than waiting in <see cref="WaitAsync"/> (a
    /// <see cref="SocketWriter"/>): called on any thread instead of the doorbell, once per
    /// ring until the writer answers, when the outbox is closed, and — with true — each time
    /// a line for this connection alone is published, even if it was rung already: a reply
    /// (a welcome, an answer) may then go ahead of a storm of deliveries to others.
    /// </summary>
    public Action<bool>? Wake { get; set; }

    /// <summary>What cutting this connection off means for its kind (any thread); it must close the outbox.</summary>
    public Action<string>? OnCutOff { get; set; }

    /// <summary>Bytes queued and not yet taken by the writer (any thread).</summary>
    public long QueuedBytes
    {
        get
        {
            if (_closed) return 0; // cut off or closed: nothing more will be sent
            long queued = 0;
            foreach (var cursor in Volatile.Read(ref _cursors)) queued += cursor.Behind;
            return queued;
        }
    }

    public bool IsClosed => _closed;

    /// <summary>
    /// Its writer reads on the fold's own thread when rung (the virtual-time tests' connections):
    /// the buffer then wakes writers at once as it publishes, notices included, rather than from
    /// the thread pool or after <see cref="OutboundBuffer.NoticeDelay"/>, so what they read, and
    /// when, follows the fold's virtual time exactly.
    /// </summary>
    public bool ReadsInline { get; init; }

    /// <summary>The most bytes one write takes from an outbox: many lines, one send.</summary>
    public const int BatchBytes = 16 * 1024;

    // ---- The fold's side ----

    /// <summary>Joins the node's buffer, with a stream of its own for the lines meant for it alone.</summary>
    public void Attach(OutboundBuffer buffer)
    {
        if (_buffer is not null) return;
        Volatile.Write(ref _buffer, buffer);
        buffer.Register(this);
        _own = Follow(new OutboundStream(buffer, OutboundStream.OwnSegmentLines));
    }

    /// <summary>A line for this connection alone (an answer, a refusal, its welcome).</summary>
    public void Send(OutboundLine line)
    {
        if (_own is null) throw new InvalidOperationException("The outbox is not attached to a buffer yet.");
        if (_completed || _closed) return; // hung up or cut off: the line has nowhere to go
        _own.Stream.Append(line);
    }

    /// <summary>Starts following <paramref name="stream"/> from its head.</summary>
    public OutboundCursor Follow(OutboundStream stream)
    {
        var cursor = stream.Follow(this);
        lock (_gate) _cursors = [.. _cursors, cursor];
        if (_closed) stream.LetGo(cursor); // cut off meanwhile: it reads nothing
        else Rebudget(null, 0, QueuedBytes);
        return cursor;
    }

    /// <summary>Fold: whether it follows <paramref name="stream"/> now.</summary>
    public bool Follows(OutboundStream stream)
    {
        foreach (var cursor in Volatile.Read(ref _cursors))
            if (cursor.Stream == stream && !cursor.HasEnded) return true;
        return false;
    }

    /// <summary>The connection is hung up: what was appended so far is sent, then the writer stops.</summary>
    public void Complete()
    {
        if (_completed) return;
        _completed = true;
        foreach (var cursor in Volatile.Read(ref _cursors)) cursor.Stream.Unfollow(cursor);
    }

    /// <summary>
    /// Fold, before <paramref name="incoming"/> bytes are appended to <paramref name="growing"/>
    /// and one of this connection's deadlines is crossed: cut off if they would put it past its
    /// limit; otherwise share what is left of the limit among its cursors as new deadlines.
    /// </summary>
    internal void Recheck(OutboundStream growing, long incoming)
    {
        if (_closed) return;
        long queued = QueuedBytes + incoming;
        if (queued > MaxBytes) CutOff(ServerLines.TooSlow.Render(MaxBytes.ToString()));
        else Rebudget(growing, incoming, queued);
    }

    /// <summary>
    /// Gives each following cursor an equal share of the room left under the limit: none of
    /// them is looked at again until its stream grows past its share, and the shares together
    /// never pass the limit, so the check is exact.
    /// </summary>
    private void Rebudget(OutboundStream? growing, long incoming, long queued)
    {
        if (MaxBytes == long.MaxValue) return; // unbounded: nothing to watch
        var cursors = Volatile.Read(ref _cursors);
        int following = 0;
        foreach (var cursor in cursors) if (!cursor.HasEnded) following++;
        if (following == 0) return;
        long share = Math.Max(0, MaxBytes - queued) / following;
        foreach (var cursor in cursors)
        {
            if (cursor.HasEnded) continue;
            cursor.Version++;
            long head = cursor.Stream.Head + (cursor.Stream == growing ? incoming : 0);
            cursor.Stream.Watch(cursor, head + share);
        }
    }

    // ---- Any thread ----

    /// <summary>Cuts the connection off: its kind is told (and closes it), and its cursors let go at once.</summary>
    public void CutOff(string reason)
    {
        if (_closed) return;
        if (OnCutOff is { } cut) cut(reason);
        Close();
    }

    /// <summary>Nothing more will be read: the writer stops, and the lines only it held are freed.</summary>
    public void Close()
    {
        _closed = true;
        if (Wake is { } wake) wake(false);
        else Doorbell.Writer.TryComplete();
        OutboundCursor[] cursors;
        lock (_gate) cursors = _cursors;
        foreach (var cursor in cursors) cursor.Stream.LetGo(cursor);
    }

    /// <summary>
    /// Wakes the writer if it sleeps; cheap when it is already awake or has been rung.
    /// <paramref name="reply"/>: lines for this connection alone were published.
    /// </summary>
    public void Ring(bool reply = false)
    {
        if (Interlocked.Exchange(ref _rung, 1) == 0)
        {
            if (Wake is { } wake) wake(reply);
            else Doorbell.Writer.TryWrite(true);
        }
        else if (reply && Wake is { } wake) wake(true);
    }

    // ---- The writer's side ----

    /// <summary>
    /// Waits until there is something to write; false once the connection is hung up and
    /// everything is written, or it is closed.
    /// </summary>
    /// <remarks>
    /// Called once per wake-up by every writer that waits (each WebSocket and TLS connection),
    /// so its state, kept while it waits, comes from a pool: allocated anew, it was 85 % of
    /// what a server with 1,000 WebSocket members allocated while they chatted
    /// (bench/results/ws-20261206), and the collections it caused were its latency's tail.
    /// </remarks>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<bool> WaitAsync()
    {
        while (true)
        {
            if (_closed) return false;
            if (_carried is not null || HasLine()) return true;
            if (_completed && AllFinished()) return false;
            if (!await Doorbell.Reader.WaitToReadAsync().ConfigureAwait(false)) return false;
            Doorbell.Reader.TryRead(out _);
            Interlocked.Exchange(ref _rung, 0); // lines published from now on ring again (a full fence, as in Answer)
        }
    }

    /// <summary>A writer that is rung (<see cref="Wake"/>), before it drains: lines published from now on ring again.</summary>
    public void Answer() => Interlocked.Exchange(ref _rung, 0); // a full fence: the lines it then looks for cannot be read before the bell is down

    /// <summary>Writer: nothing will ever be written again (closed, or hung up with everything written).</summary>
    public bool IsDone => _closed || (_completed && _carried is null && !HasLine() && AllFinished());

    /// <summary>
    /// The next line in log order, skipping the ones that are this connection's own echo and
    /// views a newer one has replaced (<see cref="OutboundView"/>: a room's member list). A
    /// reply made with <see cref="OutboundLine.Later"/> is rendered here, when its turn comes,
    /// and its lines are taken one by one before anything after it: it is written as fast as
    /// the reader reads, and never counts against <see cref="MaxBytes"/>.
    /// </summary>
    public bool TryTake(out OutboundLine line)
    {
        line = null!;
        if (_closed || Volatile.Read(ref _buffer) is not { } buffer) return false;
        long published = buffer.Published;
        while (true)
        {
            if (_pieces is not null)
            {
                if (_piece < _pieces.Count) { line = _pieces[_piece++]; return true; }
                _pieces = null;
            }
            OutboundCursor? first = null;
            long firstNumber = long.MaxValue;
            bool finished = false;
            foreach (var cursor in Volatile.Read(ref _cursors))
            {
                long number = cursor.Peek(published);
                if (number != 0 && number < firstNumber) (first, firstNumber) = (cursor, number);
                else if (number == 0 && cursor.IsFinished(published)) finished = true;
            }
            if (finished) DropFinished(published);
            if (first is null) return false;
            ref readonly var entry = ref first.Take(out bool superseded);
            if (superseded || ReferenceEquals(entry.Except, this)) continue;
            if (entry.Line.Pieces is { } render) { (_pieces, _piece) = (render(), 0); continue; }
            line = entry.Line;
            return true;
        }
    }

    /// <summary>
    /// Copies as many lines as fit into <paramref name="batch"/> — many lines, one socket
    /// write. A single line larger than the batch is returned in <paramref name="large"/>.
    /// </summary>
    public int DrainInto(Span<byte> batch, out OutboundLine? large)
    {
        int used = 0;
        large = null;
        while (true)
        {
            var next = _carried;
            if (next is null && !TryTake(out next)) break;
            _carried = null;
            var bytes = next.Bytes.Span;
            if (used + bytes.Length > batch.Length)
            {
                if (used > 0) { _carried = next; break; } // first in the next batch
                large = next;
                break;
            }
            bytes.CopyTo(batch[used..]);
            used += bytes.Length;
        }
        return used;
    }

    private bool HasLine()
    {
        if (_pieces is not null && _piece < _pieces.Count) return true;
        if (Volatile.Read(ref _buffer) is not { } buffer) return false;
        long published = buffer.Published;
        foreach (var cursor in Volatile.Read(ref _cursors))
            if (cursor.Peek(published) != 0) return true;
        return false;
    }

    private bool AllFinished()
    {
        if (Volatile.Read(ref _buffer) is not { } buffer) return true;
        long published = buffer.Published;
        foreach (var cursor in Volatile.Read(ref _cursors))
            if (!cursor.IsFinished(published)) return false;
        return true;
    }

    private void DropFinished(long published)
    {
        List<OutboundCursor> finished = [];
        lock (_gate)
        {
            foreach (var cursor in _cursors) if (cursor.IsFinished(published)) finished.Add(cursor);
            if (finished.Count == 0) return;
            _cursors = [.. _cursors.Where(cursor => !finished.Contains(cursor))];
        }
        foreach (var cursor in finished) cursor.Stream.LetGo(cursor);
    }
}
