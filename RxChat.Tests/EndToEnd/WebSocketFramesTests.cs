using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;
using RxChat.Tests.Support;

namespace RxChat.Tests.EndToEnd;

/// <summary>
/// The server writes its WebSocket members' text frames itself, beside the WebSocket's own
/// control frames: a real client, pinging every few milliseconds (each ping answered by a
/// pong from the server's WebSocket while lines are being written), reads every line whole
/// and in order, and its close is answered with the server's.
/// </summary>
public sealed class WebSocketFramesTests
{
    private const int Lines = 600;

    [Fact]
    public async Task A_pinging_browser_reads_many_lines_of_every_size_in_order_and_closes_cleanly()
    {
        await using var server = await RunningServer.StartWithHttpAsync(o => o.Limits.FloodLinesPerSecond = 0);
        await using var bob = await LineClient.LogInAsync(server.Port, "bob");
        await bob.SendLineAsync("/join main");
        Assert.Equal("You joined room main", await bob.ReadLineAsync());

        using var alice = new ClientWebSocket();
        alice.Options.KeepAliveInterval = TimeSpan.FromMilliseconds(2); // a ping every 2 ms, each awaiting its pong
        alice.Options.KeepAliveTimeout = LineClient.Patience;
        await alice.ConnectAsync(new Uri($"ws://127.0.0.1:{server.HttpPort}/ws"), CancellationToken.None).WaitAsync(LineClient.Patience);
        await SendAsync(alice, """{"type":"login","username":"alice"}""");
        await NextAsync(alice, "welcome");
        await SendAsync(alice, """{"type":"send","text":"/join main"}""");
        await NextAsync(alice, "joined");
        Assert.EndsWith("alice joined the room", await bob.ReadLineAsync());

        // Short and long lines (one-byte, two-byte and, over 16 KiB together, many held batches' worth).
        var said = Enumerable.Range(0, Lines).Select(i => $"line {i} " + new string('x', i % 10 == 0 ? 3_000 : i % 130)).ToList();
        await bob.SendRawAsync(string.Concat(said.Select(line => line + "\n")));

        var heard = new List<string>();
        while (heard.Count < Lines) heard.Add((string)(await NextAsync(alice, "said"))["text"]!);
        Assert.Equal(said, heard);

        await alice.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", CancellationToken.None).WaitAsync(LineClient.Patience);
        Assert.Equal(WebSocketState.Closed, alice.State);
        Assert.Equal(WebSocketCloseStatus.NormalClosure, alice.CloseStatus);
        string seen;
        do seen = await bob.ReadLineAsync(); // bob may be sent his own lines first
        while (!seen.Contains("alice left the room", StringComparison.Ordinal));
    }

    private static Task SendAsync(ClientWebSocket socket, string frame) =>
        socket.SendAsync(Encoding.UTF8.GetBytes(frame), WebSocketMessageType.Text, true, CancellationToken.None).WaitAsync(LineClient.Patience);

    /// <summary>The next object of <paramref name="type"/>, skipping others; every frame must be a whole text message.</summary>
    private static async Task<JsonObject> NextAsync(ClientWebSocket socket, string type)
    {
        var buffer = new byte[64 * 1024];
        while (true)
        {
            int used = 0;
            ValueWebSocketReceiveResult result;
            do
            {
                result = await socket.ReceiveAsync(buffer.AsMemory(used), CancellationToken.None).AsTask().WaitAsync(LineClient.Patience);
                Assert.Equal(WebSocketMessageType.Text, result.MessageType);
                used += result.Count;
            } while (!result.EndOfMessage);
            var next = JsonNode.Parse(Encoding.UTF8.GetString(buffer, 0, used))!.AsObject();
            if ((string?)next["type"] == type) return next;
        }
    }
}
