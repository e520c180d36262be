using System.Buffers;
using System.Net;
using System.Net.Sockets;
using System.Reactive.Disposables;
using System.Reactive.Linq;
using RxChat.Protocol;
using RxChat.Server.Core;
using RxChat.Server.Delivery;
using RxChat.Server.Protocol;

namespace RxChat.Server.Transport;

/// <summary>
/// One TCP client, plain or over TLS. It only moves bytes: a read loop frames incoming
/// bytes into lines, and its outbox is drained in batches (many lines, one send) — by the
/// node's send loop for a plain connection, by a write loop through the TLS stream
/// otherwise. It decides nothing about the chat.
/// </summary>
public sealed class TcpConnection : SocketConnection
{
    private readonly SocketWriter? _writer; // plain TCP: written from a send loop; TLS writes through its stream

    /// <param name="tls">For a connection on the TLS port (see <see cref="SocketConnection"/>).</param>
    /// <param name="remote">The user's address when a trusted proxy named it; null: the socket's own peer.</param>
    public TcpConnection(ConnectionId id, Socket socket, TransportLimits limits, ServerTls? tls = null, EndPoint? remote = null)
        : base(id, socket, limits, tls, plainStream: false, remote)
    {
        if (tls is null)
        {
            // Its send loop hands the socket a batch and moves on: a send takes what fits and
            // returns (reads are asynchronous, which the mode does not change).
            Socket.Blocking = false;
            _writer = new SocketWriter(Socket, Outbox, SendLoop.For(id.Number));
        }
        Lines = tls is null
            ? Observable.Create<InboundLine>(observer =>
            {
                // Started here and cancelled by unsubscribing; the loop reports its own end. (The
                // overload that takes an async function would also keep a task continuation and
                // its observer for every idle connection.)
                var unsubscribed = new CancellationDisposable();
                _ = ReadSocketLinesAsync(observer, unsubscribed.Token);
                return unsubscribed;
            })
            : Observable.Create<InboundLine>(ReadStreamLinesAsync);
        Closed = WriteLoopAsync();
    }

    /// <summary>Plain: the send loop writes, and says whether all was sent (false: cut off, or the peer is gone). TLS: through the stream.</summary>
    protected override Task<bool> SendAllAsync(Stream stream) => _writer is not null ? _writer.Done : SendThroughAsync(stream);

    private async Task<bool> SendThroughAsync(Stream stream)
    {
        await SendQueuedAsync(bytes => stream.WriteAsync(bytes).AsTask()).ConfigureAwait(false);
        return true;
    }

    /// <summary>
    /// Plain TCP, straight from the socket: an idle connection waits with a zero-byte receive,
    /// holding no buffer, stream reader or pipe (bench/README.md, "Memory per idle connection").
    /// A buffer is rented when bytes are there and kept only while a line is unfinished.
    /// </summary>
    private async Task ReadSocketLinesAsync(IObserver<InboundLine> observer, CancellationToken unsubscribed)
    {
        var framer = new LineFramer(MaxLineBytes);
        bool spokeFirst = false; // its first line has been read
        byte[]? buffer = null;
        int kept = 0; // the bytes of an unfinished line, at the start of the buffer
        try
        {
            while (true)
            {
                int received;
                try
                {
                    if (kept == 0) await Socket.ReceiveAsync(Memory<byte>.Empty, SocketFlags.None, unsubscribed).ConfigureAwait(false);
                    buffer = RoomAfter(buffer, kept);
                    received = await Socket.ReceiveAsync(buffer.AsMemory(kept), SocketFlags.None, unsubscribed).ConfigureAwait(false);
                }
                catch (Exception) when (AbortedBecause() is { } aborted) { throw aborted; }
                catch (SocketException e) { throw new IOException($"Unable to read data from the transport connection: {e.Message}.", e); } // as a NetworkStream words it

                // Closing the socket to cut a client off may look like an ordinary end of
                // stream to the reader: report the real reason, not "closed by peer".
                if (AbortedBecause() is { } cutOff) throw cutOff;

                if (!spokeFirst && kept == 0 && ProxyProtocol.IsHeader(buffer.AsSpan(0, received))) RefuseProxyHeader();
                var bytes = new ReadOnlySequence<byte>(buffer, 0, kept + received);
                if (received == 0)
                {
                    if (framer.TryReadLast(bytes, out var last)) observer.OnNext(last);
                    observer.OnCompleted();
                    return;
                }
                while (framer.TryReadLine(ref bytes, out var line))
                {
                    observer.OnNext(line);
                    // The first read runs on the thread that accepted the connection, which
                    // takes the name at once (a newcomer is not queued behind a storm). Lines
                    // sent along with it — a password, whose slow hash is checked as it is
                    // read — go on from the thread pool, so accepting never waits for them.
                    if (spokeFirst) continue;
                    spokeFirst = true;
                    if (bytes.PositionOf((byte)'\n') is not null) await Task.Yield();
                }
                kept = (int)bytes.Length; // at most the line limit + 1: the framer drops the rest of an overlong line
                if (kept > 0) bytes.CopyTo(buffer); // the unfinished line moves to the front (the copy allows overlap)
                else
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = null;
                }
            }
        }
        catch (Exception e) { observer.OnError(e); } // after unsubscribing (the cancellation), no one hears it
        finally
        {
            if (buffer is not null) ArrayPool<byte>.Shared.Return(buffer);
            ReaderDone.TrySetResult();
        }
    }

    /// <summary>
    /// A PROXY header from a peer that is not a trusted proxy (a trusted one's was read before
    /// the connection was made): never parsed, since anyone could claim any address with it.
    /// The peer is told why, and the connection ends.
    /// </summary>
    private void RefuseProxyHeader()
    {
        var address = Remote is IPEndPoint ip ? ip.Address.ToString() : "this address";
        try { Socket.Send(new OutboundLine(ServerLines.ProxyHeaderNotTrusted.Render(address)).Bytes.Span); } catch (SocketException) { }
        throw new ConnectionAbortedException($"PROXY protocol header from {address}, which is not a trusted proxy");
    }

    /// <summary>A buffer with room to receive into after the <paramref name="kept"/> bytes at its start.</summary>
    private static byte[] RoomAfter(byte[]? buffer, int kept)
    {
        if (buffer is not null && buffer.Length - kept >= MinimumReceiveBytes) return buffer;
        var larger = ArrayPool<byte>.Shared.Rent(kept + ReceiveBytes);
        if (buffer is not null)
        {
            buffer.AsSpan(0, kept).CopyTo(larger);
            ArrayPool<byte>.Shared.Return(buffer);
        }
        return larger;
    }
}

/// <summary>The server cut a connection off (too slow, flooding, …).</summary>
public sealed class ConnectionAbortedException(string reason) : IOException(reason);
