using System.Buffers;
using System.Net.WebSockets;

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
/// <para>
/// The write loop writes its lines' text frames itself (<see cref="WriteTextFrameAsync"/>):
/// header and payload copied once into what is held, where the WebSocket's <c>SendAsync</c>
/// would take its send lock, copy the line into its own buffer, write and flush it, one
/// asynchronous call per line. As every write through here is one whole frame (the
/// WebSocket's <c>ManagedWebSocket</c> makes each of its frames in its send buffer and writes
/// it at once), the stream sees the WebSocket's close frame go by, and refuses our frames
/// after it: nothing follows a close.
/// </para>
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
    private bool _closeSent; // changed and read under the gate

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
            NoteClose(buffer.Span);
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
            NoteClose(buffer);
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

    /// <summary>
    /// Sends <paramref name="payload"/> as one whole text frame: during a hold its header and
    /// bytes are copied into what is held (what is held goes first if they would overflow it; a
    /// frame larger than <see cref="Capacity"/> goes on its own, whole); outside one it is
    /// written and flushed at once. Refused once the WebSocket has sent its close frame.
    /// </summary>
    /// <exception cref="WebSocketException">The close frame has been sent.</exception>
    public ValueTask WriteTextFrameAsync(ReadOnlyMemory<byte> payload, CancellationToken cancellationToken = default)
    {
        // The usual case, a line while holding with room for it, without an asynchronous call.
        if (_holding && _gate.Wait(0, CancellationToken.None))
        {
            try
            {
                if (_holding && !_closeSent && _used + WebSocketTextFrame.Length(payload.Length) <= Capacity)
                {
                    KeepTextFrame(payload.Span);
                    return ValueTask.CompletedTask;
                }
            }
            finally { _gate.Release(); }
        }
        return WriteTextFrameWaitingAsync(payload, cancellationToken);
    }

    private async ValueTask WriteTextFrameWaitingAsync(ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_closeSent) throw new WebSocketException(WebSocketError.InvalidState, "The WebSocket's close frame has been sent.");
            int length = WebSocketTextFrame.Length(payload.Length);
            if (_holding && _used + length > Capacity && _used > 0) await SendHeldAsync(cancellationToken).ConfigureAwait(false);
            if (_holding && length <= Capacity)
            {
                KeepTextFrame(payload.Span);
                return;
            }
            // On its own, whole: its header, then its bytes, with nothing between them (the gate is ours).
            var header = new byte[WebSocketTextFrame.HeaderLength(payload.Length)];
            WebSocketTextFrame.WriteHeader(header, payload.Length);
            await inner.WriteAsync(header, cancellationToken).ConfigureAwait(false);
            await inner.WriteAsync(payload, cancellationToken).ConfigureAwait(false);
            if (!_holding) await inner.FlushAsync(cancellationToken).ConfigureAwait(false);
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

    /// <summary>Every write is one whole frame of the WebSocket's: one that starts as a close frame is its close.</summary>
    private void NoteClose(ReadOnlySpan<byte> frame)
    {
        if (!frame.IsEmpty && frame[0] == WebSocketTextFrame.FinClose) _closeSent = true;
    }

    private void Keep(ReadOnlySpan<byte> frame)
    {
        _held ??= ArrayPool<byte>.Shared.Rent(Capacity);
        frame.CopyTo(_held.AsSpan(_used));
        _used += frame.Length;
    }

    private void KeepTextFrame(ReadOnlySpan<byte> payload)
    {
        _held ??= ArrayPool<byte>.Shared.Rent(Capacity);
        _used += WebSocketTextFrame.Write(_held.AsSpan(_used), payload);
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
