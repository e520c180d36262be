using System.Buffers;
using System.Net;
using System.Net.WebSockets;
using System.Reactive.Linq;
using System.Text;
using RxChat.Protocol;
using RxChat.Server.Core;
using RxChat.Server.Protocol;

namespace RxChat.Server.Transport;

/// <summary>
/// One WebSocket client (PROTOCOL.md Part 4): one frame in is one line, one line out is one
/// text frame. Like <see cref="TcpConnection"/> it only moves frames, under the same limits:
/// a frame longer than the line limit is dropped and reported, and a reader that stops
/// reading is cut off when its bounded queue is full.
/// </summary>
public sealed class WebSocketConnection : IChatConnection
{
    private const int BatchBytes = 16 * 1024;
    private static readonly TimeSpan LingerForPeer = TimeSpan.FromSeconds(2);
    private static readonly UTF8Encoding Utf8 = new(false);

    private readonly WebSocket _socket;
    private readonly OutboundQueue _queue;
    private readonly int _maxFrameBytes;
    private readonly TimeSpan _closeTimeout;
    private readonly TaskCompletionSource _readerDone = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _abort = new();
    private string? _abortReason;
    private int _hungUp;

    public WebSocketConnection(ConnectionId id, WebSocket socket, TransportLimits limits, EndPoint? remote)
    {
        Id = id;
        _socket = socket;
        _maxFrameBytes = limits.MaxLineBytes;
        _closeTimeout = TimeSpan.FromSeconds(Math.Max(0, limits.CloseTimeoutSeconds));
        _queue = new OutboundQueue(limits.MaxQueuedBytes);
        Remote = remote;
        Lines = Observable.Create<InboundLine>(ReadFramesAsync);
        Closed = WriteLoopAsync();
    }

    public ConnectionId Id { get; }
    public EndPoint? Remote { get; }
    public CodecKind Codec => CodecKind.Json;
    public IObservable<InboundLine> Lines { get; }

    /// <summary>Completes when the WebSocket is closed, however that happened.</summary>
    public Task Closed { get; }

    /// <summary>Bytes waiting to be written (the slow-consumer measure).</summary>
    public long QueuedBytes => _queue.QueuedBytes;

    /// <summary>Why the server cut this connection off, if it did.</summary>
    public string? AbortReason => _abortReason;

    /// <summary>Whether it was cut off for not reading what it was sent.</summary>
    public bool WasTooSlow { get; private set; }

    public void Send(OutboundLine line)
    {
        if (_queue.TryEnqueue(line)) return;
        WasTooSlow = true;
        Abort($"too slow: more than {_queue.MaxBytes} bytes waiting to be sent");
    }

    public void Flush() => _queue.Flush();

    public void Hangup()
    {
        _queue.Complete();
        if (Interlocked.Exchange(ref _hungUp, 1) == 0) _ = CutOffIfStuckAsync();
    }

    private async Task CutOffIfStuckAsync()
    {
        try { await Closed.WaitAsync(_closeTimeout).ConfigureAwait(false); }
        catch (TimeoutException) { Abort($"did not take its last frames within {_closeTimeout.TotalSeconds:0.###} s"); }
    }

    /// <summary>Cuts the connection off now, dropping what is queued; the reader then fails with the reason.</summary>
    public void Abort(string reason)
    {
        Interlocked.CompareExchange(ref _abortReason, reason, null);
        _queue.Complete();
        _abort.Cancel();
        _socket.Abort();
    }

    /// <summary>
    /// Frames as lines: a text frame is its text; a binary frame is an empty line (which the
    /// structured protocol refuses); a frame over the limit is read to its end and dropped.
    /// A receive is never cancelled (cancelling one aborts the WebSocket, losing the lines
    /// still queued, such as why it is being closed); the write loop's close ends it.
    /// </summary>
    private async Task ReadFramesAsync(IObserver<InboundLine> observer, CancellationToken unsubscribed)
    {
        var frame = ArrayPool<byte>.Shared.Rent(_maxFrameBytes);
        var scratch = ArrayPool<byte>.Shared.Rent(4096);
        try
        {
            while (true)
            {
                int used = 0;
                bool tooLong = false;
                ValueWebSocketReceiveResult result;
                do
                {
                    try
                    {
                        if (tooLong || used == _maxFrameBytes)
                        {
                            result = await _socket.ReceiveAsync(scratch.AsMemory(), CancellationToken.None).ConfigureAwait(false);
                            tooLong |= result.Count > 0;
                        }
                        else
                        {
                            result = await _socket.ReceiveAsync(frame.AsMemory(used, _maxFrameBytes - used), CancellationToken.None).ConfigureAwait(false);
                            used += result.Count;
                        }
                    }
                    catch (Exception) when (_abortReason is not null) { throw new ConnectionAbortedException(_abortReason); }
                    if (result.MessageType == WebSocketMessageType.Close)
                    {
                        observer.OnCompleted();
                        return;
                    }
                } while (!result.EndOfMessage);

                if (unsubscribed.IsCancellationRequested) continue; // the chat is done with it: read on until the close, say nothing
                if (tooLong) observer.OnNext(InboundLine.Overlong);
                else if (result.MessageType == WebSocketMessageType.Binary) observer.OnNext(new InboundLine(""));
                else observer.OnNext(new InboundLine(Utf8.GetString(frame, 0, used)));
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(frame);
            ArrayPool<byte>.Shared.Return(scratch);
            _readerDone.TrySetResult();
        }
    }

    private async Task WriteLoopAsync()
    {
        await Task.Yield();
        try
        {
            while (await _queue.WaitAsync().ConfigureAwait(false))
            {
                var batch = ArrayPool<byte>.Shared.Rent(BatchBytes);
                try
                {
                    while (true)
                    {
                        int used = _queue.DrainInto(batch, out var large);
                        await SendFramesAsync(batch.AsMemory(0, used)).ConfigureAwait(false);
                        if (large is not null) await SendFramesAsync(large.Bytes).ConfigureAwait(false);
                        if (used == 0 && large is null) break;
                    }
                }
                finally { ArrayPool<byte>.Shared.Return(batch); }
            }
            // Hung up: everything queued is sent. Close politely and give the peer a moment to answer.
            if (_socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "", _abort.Token).ConfigureAwait(false);
            await _readerDone.Task.WaitAsync(LingerForPeer, _abort.Token).ConfigureAwait(false);
        }
        catch (Exception) { /* the peer vanished or we aborted: the reader reports it */ }
        finally
        {
            if (_socket.State != WebSocketState.Closed) _socket.Abort();
        }
    }

    /// <summary>Queued lines end in <c>\n</c> (JSON never contains a raw one): each line is one text frame.</summary>
    private async Task SendFramesAsync(ReadOnlyMemory<byte> lines)
    {
        while (!lines.IsEmpty)
        {
            int end = lines.Span.IndexOf((byte)'\n');
            if (end < 0) end = lines.Length;
            await _socket.SendAsync(lines[..end], WebSocketMessageType.Text, endOfMessage: true, _abort.Token).ConfigureAwait(false);
            lines = lines[Math.Min(end + 1, lines.Length)..];
        }
    }
}
