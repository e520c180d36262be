using System.Buffers;
using System.Net;
using System.Net.WebSockets;
using System.Text;

namespace RxChat.Load;

/// <summary>
/// A member over the structured protocol (PROTOCOL.md Part 4): a WebSocket to `/ws` on the
/// server's HTTP port, one JSON object per text frame. Lines it is given to send become
/// `login` (the first) and `send` objects; the objects it receives are handed on as the
/// text protocol's lines (<see cref="WsLines"/>), so the run measures and checks a WebSocket
/// member exactly as a TCP one, and the latency includes the JSON on both sides.
/// </summary>
public sealed class WsConnection : IChatConnection
{
    private readonly ClientWebSocket _socket;
    private readonly ArrayBufferWriter<byte> _line = new(256);
    private byte[] _frame = new byte[4096];
    private byte[] _me = [];
    private bool _loggedIn;

    private WsConnection(ClientWebSocket socket) => _socket = socket;

    public static async Task<WsConnection> ConnectAsync(IPEndPoint http, CancellationToken ct)
    {
        var socket = new ClientWebSocket();
        // Frames are small and latency is measured: no keep-alive pings in the way.
        socket.Options.KeepAliveInterval = TimeSpan.Zero;
        try
        {
            await socket.ConnectAsync(new Uri($"ws://{http}/ws"), ct);
            return new WsConnection(socket);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    public async Task SendLineAsync(string line, CancellationToken ct)
    {
        var first = !_loggedIn;
        if (first) { _me = Encoding.UTF8.GetBytes(line); _loggedIn = true; }
        await _socket.SendAsync(WsLines.Frame(line, first), WebSocketMessageType.Text, endOfMessage: true, ct);
    }

    public async ValueTask SendMessageAsync(ReadOnlyMemory<byte> line, CancellationToken ct)
    {
        var text = line.Span[^1] == (byte)'\n' ? line[..^1] : line;
        await _socket.SendAsync(WsLines.Frame(Encoding.UTF8.GetString(text.Span), first: false), WebSocketMessageType.Text, endOfMessage: true, ct);
    }

    public async Task<string?> ReadLineAsync(CancellationToken ct)
    {
        while (true)
        {
            var length = await ReceiveFrameAsync(ct);
            if (length < 0) return null;
            if (WsLines.TryTranslate(_frame.AsSpan(0, length), _me, _line)) return Encoding.UTF8.GetString(_line.WrittenSpan);
        }
    }

    public async Task ReadLinesAsync(LineHandler onLine, CancellationToken ct)
    {
        try
        {
            while (true)
            {
                var length = await ReceiveFrameAsync(ct);
                if (length < 0) return;
                if (WsLines.TryTranslate(_frame.AsSpan(0, length), _me, _line)) onLine(_line.WrittenSpan);
            }
        }
        catch (OperationCanceledException) { }
        catch (WebSocketException) { }
        catch (ObjectDisposedException) { }
    }

    /// <summary>One whole frame into <see cref="_frame"/>, grown as needed; its length, or −1 when the server closed.</summary>
    private async ValueTask<int> ReceiveFrameAsync(CancellationToken ct)
    {
        var length = 0;
        while (true)
        {
            if (length == _frame.Length) Array.Resize(ref _frame, _frame.Length * 2);
            var result = await _socket.ReceiveAsync(_frame.AsMemory(length), ct);
            if (result.MessageType == WebSocketMessageType.Close) return -1;
            length += result.Count;
            if (result.EndOfMessage) return length;
        }
    }

    public void Dispose() => _socket.Dispose();
}
