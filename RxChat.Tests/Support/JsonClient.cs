using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;

namespace RxChat.Tests.Support;

/// <summary>
/// A WebSocket peer speaking PROTOCOL.md Part 4, like a program would: it sends frames as
/// given and collects every object received. Reads wait for an object with a generous bound.
/// </summary>
public sealed class JsonClient : IAsyncDisposable
{
    public static readonly TimeSpan Patience = LineClient.Patience;

    private readonly ClientWebSocket _socket;
    private readonly Channel<JsonObject> _objects = Channel.CreateUnbounded<JsonObject>();
    private readonly Task _reading;

    private JsonClient(ClientWebSocket socket)
    {
        _socket = socket;
        _reading = Task.Run(ReadAllAsync);
    }

    /// <summary>Completes when the server closes the WebSocket (after every object was read).</summary>
    public Task Closed => _reading;

    /// <param name="configure">Headers of the handshake (<c>Origin</c>, <c>X-Forwarded-For</c>, …), or null for none.</param>
    public static async Task<JsonClient> ConnectAsync(int httpPort, Action<ClientWebSocketOptions>? configure = null)
    {
        var socket = new ClientWebSocket();
        configure?.Invoke(socket.Options);
        await socket.ConnectAsync(new Uri($"ws://127.0.0.1:{httpPort}/ws"), CancellationToken.None).WaitAsync(Patience);
        return new JsonClient(socket);
    }

    /// <summary>Connects, logs in and waits for the welcome.</summary>
    public static async Task<JsonClient> LogInAsync(int httpPort, string username)
    {
        var client = await ConnectAsync(httpPort);
        await client.SendAsync(new JsonObject { ["type"] = "login", ["username"] = username });
        var welcome = await client.NextAsync();
        Assert.Equal("welcome", (string?)welcome["type"]);
        return client;
    }

    public Task SendAsync(JsonObject message) => SendTextAsync(message.ToJsonString());

    /// <summary>A <c>send</c>: any line of the text protocol.</summary>
    public Task SayAsync(string line) => SendAsync(new JsonObject { ["type"] = "send", ["text"] = line });

    public async Task SendTextAsync(string frame) =>
        await _socket.SendAsync(Encoding.UTF8.GetBytes(frame), WebSocketMessageType.Text, true, CancellationToken.None).WaitAsync(Patience);

    public async Task SendBinaryAsync(byte[] frame) =>
        await _socket.SendAsync(frame, WebSocketMessageType.Binary, true, CancellationToken.None).WaitAsync(Patience);

    public async Task<JsonObject> NextAsync()
    {
        try { return await _objects.Reader.ReadAsync().AsTask().WaitAsync(Patience); }
        catch (ChannelClosedException) { throw new InvalidOperationException("the server closed the WebSocket"); }
    }

    /// <summary>The next object of <paramref name="type"/>, skipping others.</summary>
    public async Task<JsonObject> NextAsync(string type)
    {
        while (true)
        {
            var next = await NextAsync();
            if ((string?)next["type"] == type) return next;
        }
    }

    /// <summary>Everything until the server closes.</summary>
    public async Task<List<JsonObject>> ReadUntilClosedAsync()
    {
        await _reading.WaitAsync(Patience);
        var rest = new List<JsonObject>();
        while (_objects.Reader.TryRead(out var next)) rest.Add(next);
        return rest;
    }

    /// <summary>Drops the connection without a goodbye, like a lost network.</summary>
    public void Abort() => _socket.Abort();

    public async ValueTask DisposeAsync()
    {
        _socket.Abort();
        try { await _reading.WaitAsync(Patience); } catch (Exception) { }
        _socket.Dispose();
    }

    private async Task ReadAllAsync()
    {
        var buffer = new byte[64 * 1024];
        try
        {
            while (true)
            {
                int used = 0;
                WebSocketReceiveResult result;
                do
                {
                    if (used == buffer.Length) Array.Resize(ref buffer, buffer.Length * 2); // a large reply: one message, many receives
                    result = await _socket.ReceiveAsync(buffer.AsMemory(used).ToArraySegment(), CancellationToken.None);
                    used += result.Count;
                } while (!result.EndOfMessage);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    try { await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "", CancellationToken.None); } catch (Exception) { }
                    return;
                }
                _objects.Writer.TryWrite(JsonNode.Parse(Encoding.UTF8.GetString(buffer, 0, used))!.AsObject());
            }
        }
        catch (Exception) { /* aborted or reset: the objects end */ }
        finally { _objects.Writer.TryComplete(); }
    }
}

internal static class MemoryExtensions
{
    public static ArraySegment<byte> ToArraySegment(this Memory<byte> memory) =>
        System.Runtime.InteropServices.MemoryMarshal.TryGetArray<byte>(memory, out var segment) ? segment : throw new InvalidOperationException();
}
