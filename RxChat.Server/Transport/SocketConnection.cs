using System.IO.Pipelines;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using RxChat.Protocol;
using RxChat.Server.Core;

namespace RxChat.Server.Transport;

/// <summary>
/// What a connection over a socket shares, whatever it speaks (the chat's lines or IRC): the
/// socket and, when it needs one, its stream (TLS, after its handshake); reading lines from
/// that stream; saying goodbye once everything queued is sent; and closing once. A kind adds
/// what it writes and how (<see cref="TcpConnection"/> hands plain TCP to the node's send
/// loop and reads it straight from the socket; <see cref="IrcConnection"/> adapts every line
/// to its client).
/// </summary>
public abstract class SocketConnection : QueuedConnection
{
    /// <summary>How many bytes one read asks for at most, and the least room it is given.</summary>
    protected const int ReceiveBytes = 4096, MinimumReceiveBytes = 512;

    /// <summary>
    /// A plain connection's "stream" when it has none: a shared completed task spares every
    /// idle connection a stream and a task of its own. (Disposing <see cref="Stream.Null"/> does nothing.)
    /// </summary>
    private static readonly Task<Stream> NoStream = Task.FromResult(System.IO.Stream.Null);

    private int _closed;

    /// <param name="tls">
    /// For a connection on a TLS port: the handshake starts at once, and both loops wait for
    /// it, so not one byte is read or written in clear.
    /// </param>
    /// <param name="plainStream">Whether a plain connection is read and written through a stream too (else: straight from the socket).</param>
    /// <param name="remote">The user's address when a trusted proxy named it; null: the socket's own peer.</param>
    protected SocketConnection(ConnectionId id, Socket socket, TransportLimits limits, ServerTls? tls, bool plainStream, EndPoint? remote = null)
        : base(id, remote ?? socket.RemoteEndPoint, limits)
    {
        Socket = socket;
        limits.KeepAlive.ApplyTo(socket);
        socket.NoDelay = true;
        Stream = tls is not null ? HandshakeAsync(tls, new NetworkStream(socket, ownsSocket: false))
            : plainStream ? Task.FromResult<Stream>(new NetworkStream(socket, ownsSocket: false))
            : NoStream;
        IsSecure = tls is not null;
    }

    protected Socket Socket { get; }

    /// <summary>What is read and written, once the TLS handshake (if any) is done.</summary>
    protected Task<Stream> Stream { get; }

    /// <summary>Whether the socket is closed (for good: it is never opened again).</summary>
    protected bool IsClosed => Volatile.Read(ref _closed) != 0;

    protected override void CloseNow() => CloseSocket();

    private async Task<Stream> HandshakeAsync(ServerTls tls, Stream plain) => await tls.SecureAsync(plain, Aborting.Token).ConfigureAwait(false);

    /// <summary>Lines from the stream (decrypted, for TLS), once the handshake is done.</summary>
    protected async Task ReadStreamLinesAsync(IObserver<InboundLine> observer, CancellationToken unsubscribed)
    {
        var framer = new LineFramer(MaxLineBytes);
        Stream stream;
        try { stream = await Stream.ConfigureAwait(false); }
        catch (Exception) when (AbortedBecause() is { } aborted) { ReaderDone.TrySetResult(); throw aborted; }
        catch (Exception) { ReaderDone.TrySetResult(); throw; } // the TLS handshake failed: its brief reason is why this connection ends
        // Zero-byte reads: an idle connection waits for data without holding a buffer.
        var reader = PipeReader.Create(stream,
            new StreamPipeReaderOptions(bufferSize: ReceiveBytes, minimumReadSize: MinimumReceiveBytes, leaveOpen: true, useZeroByteReads: true));
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

    /// <summary>
    /// Writes what the connection is sent through <paramref name="stream"/> (or its own way)
    /// until it is hung up (true: everything queued is sent) or cut off (false).
    /// </summary>
    protected abstract Task<bool> SendAllAsync(Stream stream);

    /// <summary>
    /// The write loop, started by the kind's constructor: once the stream is ready,
    /// <see cref="SendAllAsync"/> writes until the connection is hung up or cut off. Hung up,
    /// it says goodbye (TLS: close_notify first, so the peer knows the end is real, not a cut)
    /// with a FIN and gives the peer a moment to close its side, so no unread byte turns our
    /// close into a reset. However it ends, the socket is closed.
    /// </summary>
    protected async Task WriteLoopAsync()
    {
        await Task.Yield();
        try
        {
            var stream = await Stream.ConfigureAwait(false);
            // An abort closes the socket, which ends a pending write.
            if (!await SendAllAsync(stream).ConfigureAwait(false)) return; // cut off, or the peer is gone: nobody to say goodbye to
            if (stream is SslStream tls) await tls.ShutdownAsync().ConfigureAwait(false);
            Socket.Shutdown(SocketShutdown.Send);
            await ReaderDone.Task.WaitAsync(LingerForPeer, Aborting.Token).ConfigureAwait(false);
        }
        catch (Exception) { /* the peer vanished or we aborted: the reader reports it */ }
        finally
        {
            CloseSocket();
        }
    }

    /// <summary>Once the socket is closed (the kind's writer may be waiting for a reason to wake).</summary>
    protected virtual void OnClosed() { }

    private void CloseSocket()
    {
        if (Interlocked.Exchange(ref _closed, 1) == 1) return;
        OnClosed();
        try { Socket.Shutdown(SocketShutdown.Both); } catch (Exception) { /* already gone */ }
        Socket.Dispose();
        // An SslStream holds native TLS state: free it now, not when the collector gets to it.
        // (A handshake still under way fails on the closed socket and frees its own.)
        if (Stream.IsCompletedSuccessfully) Stream.Result.Dispose();
    }
}
