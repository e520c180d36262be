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
public sealed class TcpConnection : QueuedConnection
{
    private readonly Socket _socket;
    private int _closed;

    public TcpConnection(ConnectionId id, Socket socket, TransportLimits limits) : base(id, socket.RemoteEndPoint, limits)
    {
        _socket = socket;
        limits.KeepAlive.ApplyTo(_socket);
        _socket.NoDelay = true;
        Lines = Observable.Create<InboundLine>(ReadLinesAsync);
        Closed = WriteLoopAsync();
    }

    protected override void CloseNow() => CloseSocket();

    private async Task ReadLinesAsync(IObserver<InboundLine> observer, CancellationToken unsubscribed)
    {
        var framer = new LineFramer(MaxLineBytes);
        // Zero-byte reads: an idle connection waits for data without holding a buffer, which
        // is most of what an idle logged-in connection would otherwise cost (bench/README.md, C).
        var reader = PipeReader.Create(new NetworkStream(_socket, ownsSocket: false),
            new StreamPipeReaderOptions(bufferSize: 4096, minimumReadSize: 512, leaveOpen: true, useZeroByteReads: true));
        try
        {
            while (true)
            {
                ReadResult result;
                try { result = await reader.ReadAsync(unsubscribed).ConfigureAwait(false); }
                catch (Exception) when (AbortedBecause() is { } aborted) { throw aborted; }

                // Closing the socket to cut a client off may look like an ordinary end of
                // stream to the reader: report the real reason, not "closed by peer".
                if (AbortedBecause() is { } cutOff) throw cutOff;

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
            ReaderDone.TrySetResult();
        }
    }

    private async Task WriteLoopAsync()
    {
        await Task.Yield();
        try
        {
            await SendQueuedAsync(SendAllAsync).ConfigureAwait(false);
            // Hung up: everything queued is sent. Say goodbye with a FIN and give the peer
            // a moment to close its side, so no unread byte turns our close into a reset.
            _socket.Shutdown(SocketShutdown.Send);
            await ReaderDone.Task.WaitAsync(LingerForPeer, Aborting.Token).ConfigureAwait(false);
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
