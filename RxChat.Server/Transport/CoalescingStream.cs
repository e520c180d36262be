using System.Buffers;

namespace RxChat.Server.Transport;

/// <summary>
/// A WebSocket's stream (what the HTTP server's upgrade hands over) that can hold what is
/// written for a while and send it as one write. A WebSocket writes and flushes every frame
/// on its own: each line a member is sent was one write and one flush of the HTTP server's
/// output, twice the work per line of a TCP member, whose writer sends all it drained in one
/// wake-up as one batch. While the write loop <see cref="Hold"/>s, frames are gathered in a
/// bounded buffer (<see cref="Capacity"/>; a frame that would overflow it sends what is held
/// first, one larger than it goes on its own) and <see cref="ReleaseAsync"/> sends them at
/// the end of the wake-up. Outside a hold every write passes straight through.
/// </summary>
/// <remarks>
/// The WebSocket sends its own frames too (keep-alive pongs, pongs to pings, its close), from
/// other threads, one whole frame per write. Every write and every send of the held bytes
/// passes one gate, so bytes leave in the order they were written and no frame is ever split
/// by another: a frame written during a hold joins the held ones; one written while they are
/// being sent waits for them.
/// </remarks>
public sealed class CoalescingStream(Stream inner, int capacity = CoalescingStream.DefaultCapacity) : Stream
{
    /// <summary>As much as a TCP member's writer sends at once (<c>Outbox.BatchBytes</c>).</summary>
    public const int DefaultCapacity = 16 * 1024;

    private readonly SemaphoreSlim _gate = new(1, 1);
    private byte[]? _held;
    private int _used;
    private volatile bool _holding;
    private volatile bool _flushAsked;

    /// <summary>The most it holds before it sends.</summary>
    public int Capacity { get; } = capacity > 0 ? capacity : throw new ArgumentOutOfRangeException(nameof(capacity));

    /// <summary>From now on writes are held until <see cref="ReleaseAsync"/>.</summary>
    public void Hold() => _holding = true;

    /// <summary>Sends what is held, in one write and one flush, and lets writes pass straight through again.</summary>
    public async ValueTask ReleaseAsync(CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            _holding = false;
            bool anyHeld = _used > 0;
            if (anyHeld) await SendHeldAsync(cancellationToken).ConfigureAwait(false);
            else if (!_flushAsked) return;
            _flushAsked = false;
            await inner.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        finally { _gate.Release(); }
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!_holding)
            {
                await inner.WriteAsync(buffer, cancellationToken).ConfigureAwait(false);
                return;
            }
            if (_used + buffer.Length > Capacity && _used > 0) await SendHeldAsync(cancellationToken).ConfigureAwait(false);
            if (buffer.Length > Capacity) await inner.WriteAsync(buffer, cancellationToken).ConfigureAwait(false);
            else Keep(buffer.Span);
        }
        finally { _gate.Release(); }
    }

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        _gate.Wait();
        try
        {
            if (!_holding)
            {
                inner.Write(buffer);
                return;
            }
            if (_used + buffer.Length > Capacity && _used > 0)
            {
                inner.Write(_held.AsSpan(0, _used));
                LetGoOfHeld();
            }
            if (buffer.Length > Capacity) inner.Write(buffer);
            else Keep(buffer);
        }
        finally { _gate.Release(); }
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    /// <summary>During a hold nothing is flushed yet: the release flushes.</summary>
    public override async Task FlushAsync(CancellationToken cancellationToken)
    {
        if (_holding)
        {
            _flushAsked = true;
            return;
        }
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try { await inner.FlushAsync(cancellationToken).ConfigureAwait(false); }
        finally { _gate.Release(); }
    }

    public override void Flush()
    {
        if (_holding)
        {
            _flushAsked = true;
            return;
        }
        _gate.Wait();
        try { inner.Flush(); }
        finally { _gate.Release(); }
    }

    // Reading is the inner stream's alone.
    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => inner.ReadAsync(buffer, cancellationToken);
    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => inner.ReadAsync(buffer, offset, count, cancellationToken);
    public override int Read(Span<byte> buffer) => inner.Read(buffer);
    public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);

    public override bool CanRead => inner.CanRead;
    public override bool CanWrite => inner.CanWrite;
    public override bool CanSeek => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();

    /// <summary>
    /// Closing drops what is held: the WebSocket closes its stream when it is aborted, when
    /// nothing more reaches the peer anyway. The buffer is not given back to the pool, as a
    /// write may still be copying into it.
    /// </summary>
    protected override void Dispose(bool disposing)
    {
        if (disposing) inner.Dispose();
        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        await inner.DisposeAsync().ConfigureAwait(false);
        await base.DisposeAsync().ConfigureAwait(false);
    }

    private void Keep(ReadOnlySpan<byte> frame)
    {
        _held ??= ArrayPool<byte>.Shared.Rent(Capacity);
        frame.CopyTo(_held.AsSpan(_used));
        _used += frame.Length;
    }

    private async ValueTask SendHeldAsync(CancellationToken cancellationToken)
    {
        await inner.WriteAsync(_held.AsMemory(0, _used), cancellationToken).ConfigureAwait(false);
        LetGoOfHeld();
    }

    /// <summary>Between wake-ups the buffer goes back to the pool, as a TCP writer's batch does: most members are idle most of the time.</summary>
    private void LetGoOfHeld()
    {
        if (_held is { } held) ArrayPool<byte>.Shared.Return(held);
        (_held, _used) = (null, 0);
    }
}
