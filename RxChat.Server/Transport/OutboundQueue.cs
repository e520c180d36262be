using System.Threading.Channels;

namespace RxChat.Server.Transport;

/// <summary>
/// The lines waiting to be written to one connection, bounded in bytes. The chat never
/// waits for a slow reader: when the queue would pass its limit, <see cref="TryEnqueue"/>
/// says no and the connection is cut off, so the room goes on without it.
/// </summary>
public sealed class OutboundQueue(long maxBytes)
{
    private readonly Channel<OutboundLine> _lines = Channel.CreateUnbounded<OutboundLine>(
        new UnboundedChannelOptions { SingleReader = true, SingleWriter = false });
    private long _queuedBytes;

    public long MaxBytes { get; } = maxBytes;

    /// <summary>Bytes queued and not yet taken by the writer.</summary>
    public long QueuedBytes => Interlocked.Read(ref _queuedBytes);

    public bool TryEnqueue(OutboundLine line)
    {
        long size = line.Bytes.Length;
        if (Interlocked.Add(ref _queuedBytes, size) > MaxBytes)
        {
            Interlocked.Add(ref _queuedBytes, -size);
            return false;
        }
        if (_lines.Writer.TryWrite(line)) return true;
        Interlocked.Add(ref _queuedBytes, -size);
        return true; // already completed: the connection is closing, the line has nowhere to go
    }

    /// <summary>No more lines: the writer drains what is queued and stops.</summary>
    public void Complete() => _lines.Writer.TryComplete();

    /// <summary>Waits for lines; false when the queue is complete and empty.</summary>
    public ValueTask<bool> WaitAsync(CancellationToken ct) => _lines.Reader.WaitToReadAsync(ct);

    /// <summary>
    /// Copies as many queued lines as fit into <paramref name="batch"/> — many lines, one
    /// socket write. A single line larger than the batch is returned in <paramref name="large"/>.
    /// </summary>
    public int DrainInto(Span<byte> batch, out OutboundLine? large)
    {
        int used = 0;
        large = null;
        while (_lines.Reader.TryPeek(out var next))
        {
            var bytes = next.Bytes.Span;
            if (used + bytes.Length > batch.Length)
            {
                if (used == 0) { _lines.Reader.TryRead(out large); Interlocked.Add(ref _queuedBytes, -bytes.Length); }
                break;
            }
            _lines.Reader.TryRead(out _);
            bytes.CopyTo(batch[used..]);
            used += bytes.Length;
            Interlocked.Add(ref _queuedBytes, -bytes.Length);
        }
        return used;
    }
}
