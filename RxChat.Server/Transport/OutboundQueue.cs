using System.Collections.Concurrent;
using System.Threading.Channels;

namespace RxChat.Server.Transport;

/// <summary>
/// The lines waiting to be written to one connection, bounded in bytes. The chat never
/// waits for a slow reader: when the queue would pass its limit, <see cref="TryEnqueue"/>
/// says no and the connection is cut off, so the room goes on without it.
/// <para>
/// Queueing a line does not wake the writer; <see cref="Flush"/> does. The pipeline
/// flushes once after a run of commands, so a writer wakes once for many lines and
/// sends them in one write, instead of one wake-up and one system call per line.
/// </para>
/// </summary>
public sealed class OutboundQueue(long maxBytes)
{
    private readonly ConcurrentQueue<OutboundLine> _lines = new();
    private readonly Channel<bool> _doorbell = Channel.CreateUnbounded<bool>(
        new UnboundedChannelOptions { SingleReader = true, SingleWriter = false });
    private long _queuedBytes;
    private int _rung;
    private volatile bool _completed;
    private OutboundLine? _carried; // writer only: taken off the queue, did not fit in the last batch

    public long MaxBytes { get; } = maxBytes;

    /// <summary>Bytes queued and not yet taken by the writer.</summary>
    public long QueuedBytes => Interlocked.Read(ref _queuedBytes);

    public bool TryEnqueue(OutboundLine line)
    {
        if (_completed) return true; // the connection is closing: the line has nowhere to go
        long size = line.Bytes.Length;
        if (Interlocked.Add(ref _queuedBytes, size) > MaxBytes)
        {
            Interlocked.Add(ref _queuedBytes, -size);
            return false;
        }
        _lines.Enqueue(line);
        return true;
    }

    /// <summary>Wakes the writer if it sleeps; cheap when it is already awake or has been rung.</summary>
    public void Flush()
    {
        if (Interlocked.Exchange(ref _rung, 1) == 0) _doorbell.Writer.TryWrite(true);
    }

    /// <summary>No more lines: the writer drains what is queued and stops.</summary>
    public void Complete()
    {
        _completed = true;
        _doorbell.Writer.TryComplete();
    }

    /// <summary>
    /// Waits until there is something to write; false when the queue is complete and
    /// empty. Only the writer calls it.
    /// </summary>
    public async ValueTask<bool> WaitAsync()
    {
        while (_carried is null && _lines.IsEmpty)
        {
            if (!await _doorbell.Reader.WaitToReadAsync().ConfigureAwait(false)) return _carried is not null || !_lines.IsEmpty;
            _doorbell.Reader.TryRead(out _);
            Volatile.Write(ref _rung, 0); // lines queued from now on ring again
        }
        return true;
    }

    /// <summary>
    /// Copies as many queued lines as fit into <paramref name="batch"/> — many lines, one
    /// socket write. A single line larger than the batch is returned in <paramref name="large"/>.
    /// Only the writer calls it. It never peeks at the queue: <c>ConcurrentQueue.TryPeek</c>
    /// freezes the queue's current segment, so every later enqueue on the fold thread would
    /// take a lock and allocate a new segment. A line that does not fit is kept for the next
    /// batch instead.
    /// </summary>
    public int DrainInto(Span<byte> batch, out OutboundLine? large)
    {
        int used = 0;
        large = null;
        while (true)
        {
            var next = _carried;
            if (next is null && !_lines.TryDequeue(out next)) break;
            _carried = null;
            var bytes = next.Bytes.Span;
            if (used + bytes.Length > batch.Length)
            {
                if (used > 0) { _carried = next; break; } // first in the next batch
                large = next;
                Interlocked.Add(ref _queuedBytes, -bytes.Length);
                break;
            }
            bytes.CopyTo(batch[used..]);
            used += bytes.Length;
            Interlocked.Add(ref _queuedBytes, -bytes.Length);
        }
        return used;
    }
}
