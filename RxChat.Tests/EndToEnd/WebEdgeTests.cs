using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text.Json.Nodes;
using RxChat.Protocol;
using RxChat.Server.Hosting;
using RxChat.Tests.Support;

namespace RxChat.Tests.EndToEnd;

/// <summary>
/// The HTTP side's edges: which pages may open <c>/ws</c> (their <c>Origin</c>), the headers
/// that protect the page, who a <c>/ws</c> user is behind a trusted proxy
/// (<c>X-Forwarded-For</c>), and HTTP connections under the per-address bounds.
/// </summary>
public sealed class WebEdgeTests
{
    private static readonly IPAddress User = IPAddress.Parse("203.0.113.7");

    private static Task<ChatServer> StartAsync(Action<ChatServerOptions>? configure = null) =>
        RunningServer.StartWithHttpAsync(options =>
        {
            options.Limits.ExemptLoopback = false;
            configure?.Invoke(options);
        });

    private static async Task<HttpStatusCode> RefusalOfAsync(int httpPort, params (string Name, string Value)[] headers)
    {
        using var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        foreach (var (name, value) in headers) socket.Options.SetRequestHeader(name, value);
        await Assert.ThrowsAsync<WebSocketException>(() => socket.ConnectAsync(new Uri($"ws://127.0.0.1:{httpPort}/ws"), CancellationToken.None)
            .WaitAsync(LineClient.Patience));
        return socket.HttpStatusCode;
    }

    private static async Task<JsonClient> LogInAsync(int httpPort, string name, params (string Name, string Value)[] headers)
    {
        var client = await JsonClient.ConnectAsync(httpPort, options =>
        {
            foreach (var (header, value) in headers) options.SetRequestHeader(header, value);
        });
        await client.SendAsync(new JsonObject { ["type"] = "login", ["username"] = name });
        Assert.Equal("welcome", (string?)(await client.NextAsync())["type"]);
        return client;
    }

    private static IPEndPoint? RemoteOf(ChatServer server, string name)
    {
        var id = server.Pipeline.State.Usernames[name];
        return (IPEndPoint?)server.Admission.Open.Single(connection => connection.Id == id).Remote;
    }

    [Fact]
    public async Task A_page_of_another_site_may_not_open_the_WebSocket()
    {
        await using var server = await StartAsync();
        Assert.Equal(HttpStatusCode.Forbidden, await RefusalOfAsync(server.HttpPort!.Value, ("Origin", "https://evil.example")));
        Assert.Equal(HttpStatusCode.Forbidden, await RefusalOfAsync(server.HttpPort!.Value, ("Origin", "null")));
        Assert.Empty(server.Admission.Open);

        // The page's own origin, and a client that sends none (not a browser), may.
        await using var own = await LogInAsync(server.HttpPort.Value, "own", ("Origin", $"http://127.0.0.1:{server.HttpPort}"));
        await using var script = await LogInAsync(server.HttpPort.Value, "script");
    }

    [Fact]
    public async Task An_origin_the_operator_allows_may_open_the_WebSocket()
    {
        await using var server = await StartAsync(options => options.Web.AllowedOrigins = "https://chat.example.org, https://other.example.org/");
        await using var allowed = await LogInAsync(server.HttpPort!.Value, "allowed", ("Origin", "https://other.example.org"));
        Assert.Equal(HttpStatusCode.Forbidden, await RefusalOfAsync(server.HttpPort.Value, ("Origin", "https://chat.example.org.evil.example")));
    }

    [Fact]
    public async Task The_refusal_of_a_foreign_origin_says_why()
    {
        await using var server = await StartAsync();
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, server.HttpPort!.Value);
        var stream = tcp.GetStream();
        await stream.WriteAsync(System.Text.Encoding.ASCII.GetBytes(
            $"GET /ws HTTP/1.1\r\nHost: 127.0.0.1:{server.HttpPort}\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n" +
            "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nOrigin: https://evil.example\r\n\r\n"));
        using var reader = new StreamReader(stream);
        var answer = new List<string>();
        while (await reader.ReadLineAsync().WaitAsync(LineClient.Patience) is { } line)
        {
            answer.Add(line);
            if (line.StartsWith("WebSocket from origin", StringComparison.Ordinal)) break;
        }
        Assert.StartsWith("HTTP/1.1 403", answer[0]);
        Assert.Equal(ServerLines.OriginNotAllowed.Render("https://evil.example"), answer[^1]);
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/app.js")]
    [InlineData("/healthz")]
    public async Task Every_answer_carries_the_headers_that_protect_the_page(string path)
    {
        await using var server = await StartAsync();
        using var http = new HttpClient();
        using var response = await http.GetAsync($"http://127.0.0.1:{server.HttpPort}{path}").WaitAsync(LineClient.Patience);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var csp = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("default-src 'self'", csp);
        Assert.Contains($"connect-src 'self' ws://127.0.0.1:{server.HttpPort} wss://127.0.0.1:{server.HttpPort}", csp);
        Assert.Contains("frame-ancestors 'none'", csp);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
    }

    [Fact]
    public async Task Behind_a_trusted_proxy_X_Forwarded_For_names_the_user()
    {
        await using var server = await StartAsync(options => options.TrustedProxies = "127.0.0.1/32, 10.0.0.0/8");
        // The user wrote the first entry itself; the last is another of our proxies: the user is the one before it.
        await using var alice = await LogInAsync(server.HttpPort!.Value, "alice", ("X-Forwarded-For", $"198.51.100.66, {User}, 10.1.2.3"));
        Assert.Equal(User, RemoteOf(server, "alice")!.Address);
        Assert.Equal(1, server.Admission.PerAddress.OpenFrom(new IPEndPoint(User, 0)));
        Assert.Equal(0, server.Admission.PerAddress.OpenFrom(new IPEndPoint(IPAddress.Loopback, 0)));
    }

    [Fact]
    public async Task From_an_untrusted_peer_X_Forwarded_For_is_not_read()
    {
        await using var server = await StartAsync(options => options.TrustedProxies = "127.0.0.2/32");
        await using var mallory = await LogInAsync(server.HttpPort!.Value, "mallory", ("X-Forwarded-For", User.ToString()));
        Assert.Equal(IPAddress.Loopback, RemoteOf(server, "mallory")!.Address);
        Assert.Equal(0, server.Admission.PerAddress.OpenFrom(new IPEndPoint(User, 0)));
    }

    [Fact]
    public async Task A_malformed_X_Forwarded_For_from_a_trusted_proxy_is_refused()
    {
        await using var server = await StartAsync(options => options.TrustedProxies = "127.0.0.1/32");
        Assert.Equal(HttpStatusCode.BadRequest, await RefusalOfAsync(server.HttpPort!.Value, ("X-Forwarded-For", "not-an-address")));
        Assert.Empty(server.Admission.Open);
    }

    [Fact]
    public async Task Plain_HTTP_connections_count_under_the_per_address_limits()
    {
        await using var server = await StartAsync(options => options.Limits.MaxConnectionsPerAddress = 2);
        var port = server.HttpPort!.Value;
        using var first = new TcpClient();
        using var second = new TcpClient();
        using var third = new TcpClient();
        await first.ConnectAsync(IPAddress.Loopback, port);
        await second.ConnectAsync(IPAddress.Loopback, port);

        // The third is closed before a byte of it is read; the two before it are served. The
        // server's reset can reach the third before its own connect has completed (the kernel
        // finished the handshake, the server accepted and reset): then connecting fails.
        var buffer = new byte[256];
        Assert.Equal(0, await ConnectAndReadOrResetAsync(third, port, buffer));
        foreach (var held in new[] { first, second })
        {
            var stream = held.GetStream();
            await stream.WriteAsync("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"u8.ToArray());
            var read = await stream.ReadAsync(buffer).AsTask().WaitAsync(LineClient.Patience);
            Assert.StartsWith("HTTP/1.1 200", System.Text.Encoding.ASCII.GetString(buffer, 0, read));
        }
        Assert.Equal(2, server.Admission.HttpPerAddress.OpenFrom(new IPEndPoint(IPAddress.Loopback, 0)));
    }

    /// <summary>Bytes read before the end (0 for a close: a FIN, or a reset before or after connecting).</summary>
    private static async Task<int> ConnectAndReadOrResetAsync(TcpClient client, int port, byte[] buffer)
    {
        try { await client.ConnectAsync(IPAddress.Loopback, port); }
        catch (SocketException error) when (error.SocketErrorCode == SocketError.ConnectionReset) { return 0; }
        return await ReadOrResetAsync(client.GetStream(), buffer);
    }

    /// <summary>Bytes read before the end (0 for a close, either a FIN or a reset).</summary>
    private static async Task<int> ReadOrResetAsync(NetworkStream stream, byte[] buffer)
    {
        try { return await stream.ReadAsync(buffer).AsTask().WaitAsync(LineClient.Patience); }
        catch (IOException) { return 0; }
    }
}
