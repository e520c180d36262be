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
/// reading is cut off when its bounded queue is full. Given its stream as a
/// <see cref="CoalescingStream"/>, it sends the frames of one wake-up in one write, as a TCP
/// member's writer sends one batch.
/// </summary>
public sealed class WebSocketConnection : QueuedConnection
{
    private static readonly UTF8Encoding Utf8 = new(false);

    private readonly WebSocket _socket;
    private readonly CoalescingStream? _frames;

    /// <param name="frames">The stream under <paramref name="socket"/>, to hold its frames during a wake-up; null sends each frame as it is made.</param>
    public WebSocketConnection(ConnectionId id, WebSocket socket, TransportLimits limits, EndPoint? remote, bool overTls = false,
        CoalescingStream? frames = null) : base(id, remote, limits)
    {
        IsSecure = overTls;
        _socket = socket;
        _frames = frames;
        Lines = Observable.Create<InboundLine>(ReadFramesAsync);
        Closed = WriteLoopAsync();
    }

    public override CodecKind Codec => CodecKind.Json;


    protected override void CloseNow() => _socket.Abort();

    /// <summary>
    /// Frames as lines: a text frame is its text; a binary frame is an empty line (which the
    /// structured protocol refuses); a frame over the limit is read to its end and dropped.
    /// A receive is never cancelled (cancelling one aborts the WebSocket, losing the lines
    /// still queued, such as why it is being closed); the write loop's close ends it.
    /// </summary>
    private async Task ReadFramesAsync(IObserver<InboundLine> observer, CancellationToken unsubscribed)
    {
        var frame = ArrayPool<byte>.Shared.Rent(MaxLineBytes);
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
                        if (tooLong || used == MaxLineBytes)
                        {
                            result = await _socket.ReceiveAsync(scratch.AsMemory(), CancellationToken.None).ConfigureAwait(false);
                            tooLong |= result.Count > 0;
                        }
                        else
                        {
                            result = await _socket.ReceiveAsync(frame.AsMemory(used, MaxLineBytes - used), CancellationToken.None).ConfigureAwait(false);
                            used += result.Count;
                        }
                    }
                    catch (Exception) when (AbortedBecause() is { } aborted) { throw aborted; }
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
            ReaderDone.TrySetResult();
        }
    }

    private async Task WriteLoopAsync()
    {
        await Task.Yield();
        try
        {
            await SendEachLineAsync(SendFrameAsync, _frames is null ? null : new HeldFrames(_frames, Aborting.Token)).ConfigureAwait(false);
            // Hung up: everything queued is sent. Close politely and give the peer a moment to answer.
            if (_socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "", Aborting.Token).ConfigureAwait(false);
            await ReaderDone.Task.WaitAsync(LingerForPeer, Aborting.Token).ConfigureAwait(false);
        }
        catch (Exception) { /* the peer vanished or we aborted: the reader reports it */ }
        finally
        {
            if (_socket.State != WebSocketState.Closed) _socket.Abort();
        }
    }

    /// <summary>One wake-up's frames, held by the socket's stream and sent together.</summary>
    private sealed class HeldFrames(CoalescingStream frames, CancellationToken aborting) : IWakeUpBatch
    {
        public void Begin() => frames.Hold();
        public ValueTask EndAsync() => frames.ReleaseAsync(aborting);
    }

    /// <summary>
    /// Each line is one text frame: its bytes without the newline, as rendered. Given the
    /// socket's stream, the frame is written into what the stream holds for this wake-up,
    /// header and bytes copied once (<see cref="CoalescingStream.WriteTextFrameAsync"/>); the
    /// WebSocket keeps the rest (the handshake, reading, pings, pongs, the close). Without it,
    /// the WebSocket sends it.
    /// </summary>
    private ValueTask SendFrameAsync(OutboundLine line)
    {
        if (_frames is null) return _socket.SendAsync(line.Payload, WebSocketMessageType.Text, endOfMessage: true, Aborting.Token);
        // Where SendAsync would have refused: cut off, or closed (by the peer's close answered, or an abort).
        Aborting.Token.ThrowIfCancellationRequested();
        if (_socket.State is not (WebSocketState.Open or WebSocketState.CloseReceived))
            throw new WebSocketException(WebSocketError.InvalidState, $"The WebSocket is {_socket.State}.");
        return _frames.WriteTextFrameAsync(line.Payload, Aborting.Token);
    }
}
