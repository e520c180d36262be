using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Reactive.Concurrency;
using System.Text;
using RxChat.Server.Hosting;
using RxChat.Tests.Support;
using RxChat.Tests.Testing;
using static RxChat.Tests.Support.Peers;

namespace RxChat.Tests.EndToEnd;

/// <summary>
/// Limits per remote address over real sockets: the refused client hears one line and is
/// closed, and a client from another address (127.0.0.2, loopback too on Linux) is unaffected.
/// </summary>
public sealed class AddressLimitTests
{
    private static readonly IPAddress Elsewhere = IPAddress.Parse("127.0.0.2");

    private static ChatServerOptions Limited(int maxOpen, int newPerMinute, Action<ChatServerOptions>? more = null) =>
        RunningServer.Options(o =>
        {
            o.Limits.ExemptLoopback = false; // the default; the test servers exempt it
            o.Limits.MaxConnectionsPerAddress = maxOpen;
            o.Limits.NewConnectionsPerAddressPerMinute = newPerMinute;
            more?.Invoke(o);
        });

    [Fact]
    public async Task One_connection_too_many_from_an_address_hears_why_and_another_address_chats_on()
    {
        var log = new CapturedLog();
        await using var server = await ChatServer.StartAsync(Limited(maxOpen: 2, newPerMinute: 0), log);
        await using var alice = await InRoomAsync(server.Port, "alice", "lobby");
        await using var second = await LineClient.LogInAsync(server.Port, "second");

        await using var refused = await LineClient.ConnectAsync(server.Port);
        Assert.Equal(["Too many connections from your address (max 2)"], await refused.ReadUntilClosedAsync());
        Assert.Equal(1, log.Count("refused: Too many connections from your address (max 2)"));

        await using var bob = await FromElsewhereInLobbyAsync(server.Port, alice);
        await bob.SendLineAsync("hi from elsewhere");
        AssertStamped("bob: hi from elsewhere", await alice.ReadLineAsync());

        // One of the address's connections leaves: its slot is free again.
        await second.SendLineAsync("quit");
        await second.ReadUntilClosedAsync();
        await WaitUntilAsync(() => server.Admission.PerAddress.OpenFrom(new IPEndPoint(IPAddress.Loopback, 0)) == 1);
        await using var third = await LineClient.LogInAsync(server.Port, "third");
        await alice.ExpectNothingMoreAsync();
    }

    [Fact]
    public async Task Connecting_too_often_from_an_address_is_refused_until_the_rate_allows_and_another_address_is_not()
    {
        var clock = new ChatTestScheduler(new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero));
        var log = new CapturedLog();
        await using var server = await ChatServer.StartAsync(Limited(maxOpen: 0, newPerMinute: 2), log, clock);
        await using var alice = await InRoomAsync(server.Port, "alice", "lobby");
        await using (var brief = await LineClient.ConnectAsync(server.Port)) { } // opened and closed: it still counts

        await using var refused = await LineClient.ConnectAsync(server.Port);
        Assert.Equal(["Too many new connections from your address (max 2 per minute)"], await refused.ReadUntilClosedAsync());
        Assert.Equal(1, log.Count("refused: Too many new connections from your address (max 2 per minute)"));

        await using var bob = await FromElsewhereInLobbyAsync(server.Port, alice);

        clock.AdvanceBy(TimeSpan.FromSeconds(30)); // 2 per minute: one more every 30 s
        await using var carol = await LineClient.LogInAsync(server.Port, "carol");
        await using var tooSoon = await LineClient.ConnectAsync(server.Port);
        Assert.Equal(["Too many new connections from your address (max 2 per minute)"], await tooSoon.ReadUntilClosedAsync());
        await alice.ExpectNothingMoreAsync();
        await bob.ExpectNothingMoreAsync();
    }

    [Fact]
    public async Task A_WebSocket_counts_against_its_address_too_and_is_refused_with_the_same_line()
    {
        await using var server = await ChatServer.StartAsync(Limited(maxOpen: 1, newPerMinute: 0, o => o.HttpPort = 0));
        await using var alice = await LineClient.LogInAsync(server.Port, "alice");

        var (status, body) = await WebSocketHandshakeAsync(server.HttpPort!.Value, IPAddress.Loopback);
        Assert.Equal("HTTP/1.1 429 Too Many Requests", status);
        Assert.Equal("Too many connections from your address (max 1)", body);

        // From another address the WebSocket is welcome, and it fills that address's one slot.
        using var elsewhere = new ClientWebSocket();
        using var bindingHandler = new SocketsHttpHandler { ConnectCallback = (context, ct) => ConnectFromAsync(Elsewhere, context.DnsEndPoint, ct) };
        using var invoker = new HttpMessageInvoker(bindingHandler);
        await elsewhere.ConnectAsync(new Uri($"ws://127.0.0.1:{server.HttpPort}/ws"), invoker, CancellationToken.None).WaitAsync(LineClient.Patience);
        await elsewhere.SendAsync("""{"type":"login","username":"bob"}"""u8.ToArray(), WebSocketMessageType.Text, true, CancellationToken.None);
        var buffer = new byte[4096];
        var welcome = await elsewhere.ReceiveAsync(buffer, CancellationToken.None).WaitAsync(LineClient.Patience);
        Assert.Contains("\"welcome\"", Encoding.UTF8.GetString(buffer, 0, welcome.Count));
        await using var refusedTcp = await LineClient.ConnectFromAsync(Elsewhere, server.Port);
        Assert.Equal(["Too many connections from your address (max 1)"], await refusedTcp.ReadUntilClosedAsync());

        await alice.SendLineAsync("/users");
        Assert.Equal("Users: alice, bob", await alice.ReadLineAsync());

        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{server.HttpPort}") };
        var metrics = await http.GetStringAsync("/metrics");
        Assert.Contains("rxchat_connections_refused_total{reason=\"address_open\"} 2", metrics);
        Assert.Contains("rxchat_connections_refused_total{reason=\"address_rate\"} 0", metrics);
    }

    /// <summary>bob, from the other address, logs in and joins alice in the lobby: nothing of the limit touches him.</summary>
    private static async Task<LineClient> FromElsewhereInLobbyAsync(int port, LineClient alice)
    {
        var bob = await LineClient.ConnectFromAsync(Elsewhere, port);
        await bob.SendLineAsync("bob");
        Assert.Equal("Welcome to the chat server!", await bob.ReadLineAsync());
        await bob.SendLineAsync("/join lobby");
        Assert.Equal("You joined room lobby", await bob.ReadLineAsync());
        AssertStamped("bob joined the room", await alice.ReadLineAsync());
        return bob;
    }

    /// <summary>A WebSocket upgrade request by hand, so the refusal's status and body can be read.</summary>
    private static async Task<(string Status, string Body)> WebSocketHandshakeAsync(int httpPort, IPAddress from)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(from, 0));
        await socket.ConnectAsync(IPAddress.Loopback, httpPort).WaitAsync(LineClient.Patience);
        await socket.SendAsync(Encoding.ASCII.GetBytes(
            $"GET /ws HTTP/1.1\r\nHost: 127.0.0.1:{httpPort}\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n" +
            "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n"));
        var response = new StringBuilder();
        var buffer = new byte[4096];
        while (!IsComplete(response.ToString()))
        {
            int read = await socket.ReceiveAsync(buffer.AsMemory()).AsTask().WaitAsync(LineClient.Patience);
            if (read == 0) break;
            response.Append(Encoding.UTF8.GetString(buffer, 0, read));
        }
        var text = response.ToString();
        var status = text[..text.IndexOf("\r\n", StringComparison.Ordinal)];
        return (status, Body(text).TrimEnd('\n'));

        // Kestrel sends a body of unknown length in chunks: complete at the last, empty one.
        static bool IsComplete(string text) => text.Contains("\r\n\r\n", StringComparison.Ordinal) &&
            (IsChunked(text) ? text.EndsWith("\r\n0\r\n\r\n", StringComparison.Ordinal) : Body(text).Length >= ContentLength(text));
        static bool IsChunked(string text) => text.Contains("Transfer-Encoding: chunked", StringComparison.OrdinalIgnoreCase);
        static int ContentLength(string text) =>
            text.Split("\r\n").FirstOrDefault(h => h.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase)) is { } header
                ? int.Parse(header["Content-Length:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture)
                : 0;
        static string Body(string text)
        {
            var raw = text[(text.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4)..];
            if (!IsChunked(text)) return raw;
            var body = new StringBuilder();
            while (raw.IndexOf("\r\n", StringComparison.Ordinal) is var end and > 0)
            {
                int size = Convert.ToInt32(raw[..end], 16);
                if (size == 0 || raw.Length < end + 2 + size) break;
                body.Append(raw.AsSpan(end + 2, size));
                raw = raw[(end + 2 + size + 2)..];
            }
            return body.ToString();
        }
    }

    private static async ValueTask<Stream> ConnectFromAsync(IPAddress from, DnsEndPoint to, CancellationToken ct)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            socket.Bind(new IPEndPoint(from, 0));
            await socket.ConnectAsync(to.Host, to.Port, ct);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Waits for the server to have noticed something, with a generous bound.</summary>
    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + LineClient.Patience;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) throw new Xunit.Sdk.XunitException("The server never noticed within the bound.");
            await Task.Delay(10);
        }
    }
}
