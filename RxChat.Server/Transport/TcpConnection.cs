using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using System.Reactive.Linq;
using RxChat.Protocol;
using RxChat.Server.Core;

namespace RxChat.Server.Transport;

/// <summary>
/// One TCP client. It only moves bytes: a read loop frames incoming bytes into lines,
/// a write loop drains the bounded outbound queue in batches (many lines, one send).
/// It decides nothing about the chat.
/// </summary>
public sealed class TcpConnection : IChatConnection
{
    private const int BatchBytes = 16 * 1024;
    private static readonly TimeSpan LingerForPeer = TimeSpan.FromSeconds(2);

    private readonly Socket _socket;
    private readonly OutboundQueue _queue;
    private readonly int _maxLineBytes;
    private readonly TimeSpan _closeTimeout;
    private readonly TaskCompletionSource _readerDone = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _abort = new();
    private string? _abortReason;
    private int _closed;
    private int _hungUp;

    public TcpConnection(ConnectionId id, Socket socket, TransportLimits limits)
    {
        Id = id;
        _socket = socket;
        _socket.NoDelay = true;
        _maxLineBytes = limits.MaxLineBytes;
        _closeTimeout = TimeSpan.FromSeconds(Math.Max(0, limits.CloseTimeoutSeconds));
        _queue = new OutboundQueue(limits.MaxQueuedBytes);
        Remote = socket.RemoteEndPoint;
        Lines = Observable.Create<InboundLine>(ReadLinesAsync);
        Closed = WriteLoopAsync();
    }

    public ConnectionId Id { get; }
    public EndPoint? Remote { get; }
    public IObservable<InboundLine> Lines { get; }

    /// <summary>Completes when the socket is closed, however that happened.</summary>
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

    /// <summary>
    /// A peer that stops reading once we have hung up (it quit, was refused, or left) is no
    /// longer sent anything, so its queue never overflows; without a deadline its writer would
    /// wait on it, holding the socket, the queue and a connection slot, forever.
    /// </summary>
    private async Task CutOffIfStuckAsync()
    {
        try { await Closed.WaitAsync(_closeTimeout).ConfigureAwait(false); }
        catch (TimeoutException) { Abort($"did not take its last lines within {_closeTimeout.TotalSeconds:0.###} s"); }
    }

    /// <summary>Cuts the connection off now, dropping what is queued; the reader then fails with the reason.</summary>
    public void Abort(string reason)
    {
        Interlocked.CompareExchange(ref _abortReason, reason, null);
        _queue.Complete();
        _abort.Cancel();
        CloseSocket();
    }

    private async Task ReadLinesAsync(IObserver<InboundLine> observer, CancellationToken unsubscribed)
    {
        var framer = new LineFramer(_maxLineBytes);
        var reader = PipeReader.Create(new NetworkStream(_socket, ownsSocket: false),
            new StreamPipeReaderOptions(bufferSize: 4096, minimumReadSize: 512, leaveOpen: true));
        try
        {
            while (true)
            {
                ReadResult result;
                try { result = await reader.ReadAsync(unsubscribed).ConfigureAwait(false); }
                catch (Exception) when (_abortReason is not null) { throw new ConnectionAbortedException(_abortReason); }

                // Closing the socket to cut a client off may look like an ordinary end of
                // stream to the reader: report the real reason, not "closed by peer".
                if (_abortReason is not null) throw new ConnectionAbortedException(_abortReason);

                var buffer = result.Buffer;
                while (framer.TryReadLine(ref buffer, out var line)) observer.OnNext(line);
                if (result.IsCompleted)
                {
                    if (framer.TryReadLast(buffer, out var last)) observer.OnNext(last);
                    reader.AdvanceTo(buffer.End);
                    observer.OnCompleted();
                    return;
                }
                reader.AdvanceTo(buffer.Start, buffer.End);
            }
        }
        finally
        {
            await reader.CompleteAsync().ConfigureAwait(false);
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
                        if (used > 0) await SendAllAsync(batch.AsMemory(0, used)).ConfigureAwait(false);
                        if (large is not null) await SendAllAsync(large.Bytes).ConfigureAwait(false);
                        if (used == 0 && large is null) break;
                    }
                }
                finally { ArrayPool<byte>.Shared.Return(batch); }
            }
            // Hung up: everything queued is sent. Say goodbye with a FIN and give the peer
            // a moment to close its side, so no unread byte turns our close into a reset.
            _socket.Shutdown(SocketShutdown.Send);
            await _readerDone.Task.WaitAsync(LingerForPeer, _abort.Token).ConfigureAwait(false);
        }
        catch (Exception) { /* the peer vanished or we aborted: the reader reports it */ }
        finally
        {
            CloseSocket();
        }
    }

    private async Task SendAllAsync(ReadOnlyMemory<byte> bytes)
    {
        while (!bytes.IsEmpty)
        {
            int sent = await _socket.SendAsync(bytes, SocketFlags.None).ConfigureAwait(false); // an abort closes the socket, which ends a pending send
            bytes = bytes[sent..];
        }
    }

    private void CloseSocket()
    {
        if (Interlocked.Exchange(ref _closed, 1) == 1) return;
        try { _socket.Shutdown(SocketShutdown.Both); } catch (Exception) { /* already gone */ }
        _socket.Dispose();
    }
}

/// <summary>The server cut a connection off (too slow, flooding, …).</summary>
public sealed class ConnectionAbortedException(string reason) : IOException(reason);
