using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Reactive.Linq;
using RxChat.Protocol;
using RxChat.Server.Core;

namespace RxChat.Server.Transport;

/// <summary>
/// One TCP client, plain or over TLS. It only moves bytes: a read loop frames incoming
/// bytes into lines, and its outbox is drained in batches (many lines, one send) — by the
/// node's send loop for a plain connection, by a write loop through the TLS stream
/// otherwise. It decides nothing about the chat.
/// </summary>
public sealed class TcpConnection : QueuedConnection
{
    private readonly Socket _socket;
    private readonly Task<Stream> _stream;
    private readonly SocketWriter? _writer; // plain TCP: written from a send loop; TLS writes through its stream
    private int _closed;

    /// <param name="tls">
    /// For a connection on the TLS port: the handshake starts at once, and both loops wait for
    /// it, so not one byte is read or written in clear.
    /// </param>
    public TcpConnection(ConnectionId id, Socket socket, TransportLimits limits, ServerTls? tls = null) : base(id, socket.RemoteEndPoint, limits)
    {
        _socket = socket;
        limits.KeepAlive.ApplyTo(_socket);
        _socket.NoDelay = true;
        var plain = new NetworkStream(_socket, ownsSocket: false);
        _stream = tls is null ? Task.FromResult<Stream>(plain) : HandshakeAsync(tls, plain);
        if (tls is null)
        {
            // Its send loop hands the socket a batch and moves on: a send takes what fits and
            // returns (reads are asynchronous, which the mode does not change).
            _socket.Blocking = false;
            _writer = new SocketWriter(_socket, Outbox, SendLoop.For(id.Number));
        }
        IsSecure = tls is not null;
        Lines = Observable.Create<InboundLine>(ReadLinesAsync);
        Closed = WriteLoopAsync();
    }

    protected override void CloseNow() => CloseSocket();

    private async Task<Stream> HandshakeAsync(ServerTls tls, Stream plain) => await tls.SecureAsync(plain, Aborting.Token).ConfigureAwait(false);

    private async Task ReadLinesAsync(IObserver<InboundLine> observer, CancellationToken unsubscribed)
    {
        var framer = new LineFramer(MaxLineBytes);
        Stream stream;
        try { stream = await _stream.ConfigureAwait(false); }
        catch (Exception) when (AbortedBecause() is { } aborted) { ReaderDone.TrySetResult(); throw aborted; }
        catch (Exception) { ReaderDone.TrySetResult(); throw; } // the TLS handshake failed: its brief reason is why this connection ends
        // Zero-byte reads: an idle connection waits for data without holding a buffer, which
        // is most of what an idle logged-in connection would otherwise cost (bench/README.md, C).
        var reader = PipeReader.Create(stream,
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
            var stream = await _stream.ConfigureAwait(false);
            // An abort closes the socket, which ends a pending write.
            if (_writer is not null)
            {
                if (!await _writer.Done.ConfigureAwait(false)) return; // cut off, or the peer is gone: nobody to say goodbye to
            }
            else await SendQueuedAsync(bytes => stream.WriteAsync(bytes).AsTask()).ConfigureAwait(false);
            // Hung up: everything queued is sent. Say goodbye (TLS: close_notify first, so the
            // peer knows the end is real, not a cut) with a FIN and give the peer a moment to
            // close its side, so no unread byte turns our close into a reset.
            if (stream is SslStream tls) await tls.ShutdownAsync().ConfigureAwait(false);
            _socket.Shutdown(SocketShutdown.Send);
            await ReaderDone.Task.WaitAsync(LingerForPeer, Aborting.Token).ConfigureAwait(false);
        }
        catch (Exception) { /* the peer vanished or we aborted: the reader reports it */ }
        finally
        {
            CloseSocket();
        }
    }

    private void CloseSocket()
    {
        if (Interlocked.Exchange(ref _closed, 1) == 1) return;
        try { _socket.Shutdown(SocketShutdown.Both); } catch (Exception) { /* already gone */ }
        _socket.Dispose();
        // An SslStream holds native TLS state: free it now, not when the collector gets to it.
        // (A handshake still under way fails on the closed socket and frees its own.)
        if (_stream.IsCompletedSuccessfully) _stream.Result.Dispose();
    }
}

/// <summary>The server cut a connection off (too slow, flooding, …).</summary>
public sealed class ConnectionAbortedException(string reason) : IOException(reason);
