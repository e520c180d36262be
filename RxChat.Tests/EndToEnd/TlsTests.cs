using System.Net.Security;
using System.Net.Sockets;
using System.Text;
using RxChat.Server.Hosting;
using RxChat.Server.Transport;
using RxChat.Tests.Support;
using static RxChat.Tests.Support.Peers;

namespace RxChat.Tests.EndToEnd;

/// <summary>
/// The TLS port beside the plain one, with a certificate each test makes: real sockets, a
/// real <see cref="SslStream"/> client and a real <c>openssl s_client</c>. Whatever happens
/// on the TLS port, nothing is said in clear there and nobody else notices.
/// </summary>
public sealed class TlsTests : IDisposable
{
    private readonly TestCertificate _certificate = TestCertificate.Create();

    public void Dispose() => _certificate.Dispose();

    private Task<ChatServer> StartAsync(CapturedLog? log = null, Action<ChatServerOptions>? configure = null) =>
        ChatServer.StartAsync(RunningServer.Options(options =>
        {
            _certificate.ServeFrom(options);
            configure?.Invoke(options);
        }), log);

    private Task<LineClient> ConnectTlsAsync(ChatServer server) => LineClient.ConnectTlsAsync(server.TlsPort!.Value, _certificate.TrustOnlyThis);

    /// <summary>Connects to the TLS port, says <paramref name="name"/> and waits for the welcome.</summary>
    private async Task<LineClient> LogInOverTlsAsync(ChatServer server, string name)
    {
        var client = await ConnectTlsAsync(server);
        await client.SendLineAsync(name);
        Assert.Equal("Welcome to the chat server!", await client.ReadLineAsync());
        return client;
    }

    /// <summary>A TLS record begins with its content type: 0x15 is an alert. Anything else readable would be clear text.</summary>
    private static void AssertNothingInClear(byte[] received)
    {
        var text = Encoding.ASCII.GetString(received);
        Assert.True(received.Length == 0 || received[0] is 0x15 or 0x16,
            $"Expected TLS records or nothing, got {received.Length} bytes starting {Convert.ToHexString(received.AsSpan(0, Math.Min(16, received.Length)))}");
        foreach (var clear in new[] { "Welcome", "Username", "No username", "Server is full", "Unknown command" })
            Assert.DoesNotContain(clear, text);
    }

    [Fact]
    public async Task A_raw_SslStream_client_chats_with_a_plain_tcp_client_in_one_room()
    {
        await using var server = await StartAsync();
        Assert.NotEqual(server.Port, server.TlsPort);
        await using var plain = await InRoomAsync(server.Port, "plain", "main");

        await using var secure = await LogInOverTlsAsync(server, "secure");
        await secure.SendLineAsync("/join main");
        Assert.Equal("You joined room main", await secure.ReadLineAsync());
        AssertStamped("secure joined the room", await plain.ReadLineAsync());
        Assert.Single(server.OpenConnections, connection => connection.IsSecure);

        await secure.SendLineAsync("hello from TLS");
        AssertStamped("secure: hello from TLS", await plain.ReadLineAsync());
        await plain.SendLineAsync("hello in clear");
        AssertStamped("plain: hello in clear", await secure.ReadLineAsync());

        await secure.SendLineAsync("/register secret123");
        Assert.Equal("Account created for secure", await secure.ReadLineAsync());
        await secure.ExpectNothingMoreAsync(); // no "not encrypted" warning: it is
        await secure.SendLineAsync("/users");
        Assert.Equal("Users: plain, secure", await secure.ReadLineAsync());
        await secure.SendLineAsync("quit");
        Assert.Empty(await secure.ReadUntilClosedAsync()); // closed cleanly after quit, over TLS
        AssertStamped("secure left the room main", await plain.ReadLineAsync());
    }

    [Fact]
    public async Task Openssl_s_client_is_a_chat_client_and_verifies_the_certificate()
    {
        await using var server = await StartAsync();
        await using var peer = await InRoomAsync(server.Port, "peer", "main");

        await using var openssl = OpensslClient.Connect(server.TlsPort!.Value, _certificate.CertPath);
        await openssl.SendLineAsync("alice");
        Assert.Equal("Welcome to the chat server!", await openssl.ReadLineAsync());
        await openssl.SendLineAsync("/join main");
        Assert.Equal("You joined room main", await openssl.ReadLineAsync());
        AssertStamped("alice joined the room", await peer.ReadLineAsync());

        await openssl.SendLineAsync("typed into openssl");
        AssertStamped("alice: typed into openssl", await peer.ReadLineAsync());
        await peer.SendLineAsync("read by openssl");
        AssertStamped("peer: read by openssl", await openssl.ReadLineAsync());

        await openssl.SendLineAsync("quit");
        Assert.Equal(0, await openssl.ExitCodeAsync()); // the server closed the connection, and openssl found nothing wrong
        Assert.Contains("verify return:1", openssl.Errors);
        AssertStamped("alice left the room main", await peer.ReadLineAsync());
    }

    [Theory]
    [InlineData("-tls1_2")]
    [InlineData("-tls1_3")]
    public async Task Both_TLS_1_2_and_1_3_are_spoken(string version)
    {
        await using var server = await StartAsync();
        await using var openssl = OpensslClient.Connect(server.TlsPort!.Value, _certificate.CertPath, version);
        await openssl.SendLineAsync("alice");
        Assert.Equal("Welcome to the chat server!", await openssl.ReadLineAsync());
        await openssl.SendLineAsync("quit");
        Assert.Equal(0, await openssl.ExitCodeAsync());
    }

    [Fact]
    public async Task TLS_1_1_is_refused_with_a_protocol_version_alert()
    {
        var log = new CapturedLog();
        await using var server = await StartAsync(log);
        // SECLEVEL=0 lets this openssl offer TLS 1.1 at all; the server must still say no.
        // (Nothing is typed: openssl gives up at once, and a line typed into it then would hit a closed pipe.)
        await using var openssl = OpensslClient.Connect(server.TlsPort!.Value, _certificate.CertPath, "-tls1_1", "-cipher", "DEFAULT:@SECLEVEL=0");
        Assert.NotEqual(0, await openssl.ExitCodeAsync());
        Assert.Contains("protocol version", openssl.Errors);
        await log.WaitForAsync("TLS handshake failed", LineClient.Patience);
        Assert.Equal(0, log.Count("logged in"));
    }

    [Fact]
    public async Task The_TLS_port_sends_the_chain_from_the_certificate_file_so_openssl_verifies_it_up_to_the_root()
    {
        using var issued = TestCertificate.CreateIssued();
        await using var server = await ChatServer.StartAsync(RunningServer.Options(issued.ServeFrom));

        await using var openssl = OpensslClient.Connect(server.TlsPort!.Value, issued.CaPath!); // the root only
        await openssl.SendLineAsync("alice");
        Assert.Equal("Welcome to the chat server!", await openssl.ReadLineAsync());
        await openssl.SendLineAsync("quit");
        Assert.Equal(0, await openssl.ExitCodeAsync());
        Assert.Contains("depth=2 CN = RxChat Test Root", openssl.Errors);
    }

    /// <summary>What a confused or hostile client might send the TLS port instead of a ClientHello.</summary>
    public static TheoryData<string> NotAHandshake => new()
    {
        "plain chat",     // nc, or the console client without --tls
        "http request",   // a browser pointed at the wrong port
        "random bytes",
        "huge record",    // a handshake record header announcing more than a record may hold
    };

    private static byte[] Payload(string kind) => kind switch
    {
        "plain chat" => Encoding.ASCII.GetBytes("mallory\n/join main\nhello, is this thing on?\n"),
        "http request" => Encoding.ASCII.GetBytes("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n"),
        "random bytes" => RandomBytes(4096),
        "huge record" => [0x16, 0x03, 0x03, 0xFF, 0xFF, .. RandomBytes(64)],
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    private static byte[] RandomBytes(int count)
    {
        var bytes = new byte[count];
        new Random(12).NextBytes(bytes); // the same bytes every run
        return bytes;
    }

    [Theory]
    [MemberData(nameof(NotAHandshake))]
    public async Task A_client_that_does_not_speak_TLS_gets_nothing_in_clear_is_closed_and_nobody_else_notices(string kind)
    {
        var log = new CapturedLog();
        await using var server = await StartAsync(log);
        await using var plain = await InRoomAsync(server.Port, "plain", "main");
        await using var secure = await LogInOverTlsAsync(server, "secure");

        using var confused = new TcpClient();
        await confused.ConnectAsync("127.0.0.1", server.TlsPort!.Value).WaitAsync(LineClient.Patience);
        var stream = confused.GetStream();
        await stream.WriteAsync(Payload(kind));
        confused.Client.Shutdown(SocketShutdown.Send); // and nothing more: the server is not left waiting for the rest
        var received = await ReadUntilClosedAsync(stream);

        AssertNothingInClear(received);
        await log.WaitForAsync("TLS handshake failed", LineClient.Patience);
        await plain.ExpectNothingMoreAsync(); // mallory never joined, never spoke
        await secure.SendLineAsync("/join main");
        Assert.Equal("You joined room main", await secure.ReadLineAsync());
        AssertStamped("secure joined the room", await plain.ReadLineAsync());
        await plain.SendLineAsync("still here");
        AssertStamped("plain: still here", await secure.ReadLineAsync());
        Assert.Equal(1, log.Count("TLS handshake failed")); // once, briefly: no stack trace
        Assert.DoesNotContain(log.Entries, entry => entry.Message.Contains("   at ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_client_that_stalls_mid_handshake_is_closed_by_the_login_timeout()
    {
        var log = new CapturedLog();
        // The default login timeout (30 s) and this close timeout are longer than the test waits
        // (20 s): a close within the wait is the short login timeout's doing.
        await using var server = await StartAsync(log, options =>
        {
            options.Limits.LoginTimeoutSeconds = 3; // time enough for the hello and its answer, on a busy machine
            options.Limits.CloseTimeoutSeconds = 60;
        });

        using var tcp = new TcpClient();
        await tcp.ConnectAsync("127.0.0.1", server.TlsPort!.Value).WaitAsync(LineClient.Patience);
        var stalling = new StallingStream(tcp.GetStream());
        await using var tls = new SslStream(stalling, leaveInnerStreamOpen: false, _certificate.TrustOnlyThis);
        var handshake = tls.AuthenticateAsClientAsync("localhost");
        // The server answered the hello and we went quiet (or, on a very slow machine, the
        // timeout came even sooner: the close is the same).
        await Task.WhenAny(stalling.Stalled.Task, handshake).WaitAsync(LineClient.Patience);

        await EndedByServerAsync(handshake, tls);
        AssertNothingInClear(stalling.Received);
        await log.WaitForAsync("disconnected", LineClient.Patience);
        Assert.Equal(1, log.Count("disconnected"));
    }

    [Fact]
    public async Task A_stalled_handshake_holds_up_nobody_else()
    {
        await using var server = await StartAsync();
        using var tcp = new TcpClient();
        await tcp.ConnectAsync("127.0.0.1", server.TlsPort!.Value).WaitAsync(LineClient.Patience);
        var stalling = new StallingStream(tcp.GetStream());
        await using var stalled = new SslStream(stalling, leaveInnerStreamOpen: false, _certificate.TrustOnlyThis);
        _ = stalled.AuthenticateAsClientAsync("localhost");
        await stalling.Stalled.Task.WaitAsync(LineClient.Patience);

        // Stalled for the whole login timeout (30 s): meanwhile others connect and chat.
        await using var plain = await InRoomAsync(server.Port, "plain", "main");
        await using var secure = await LogInOverTlsAsync(server, "secure");
        await secure.SendLineAsync("/join main");
        Assert.Equal("You joined room main", await secure.ReadLineAsync());
        AssertStamped("secure joined the room", await plain.ReadLineAsync());
    }

    [Fact]
    public async Task Server_is_full_on_the_TLS_port_is_said_over_TLS()
    {
        await using var server = await StartAsync(configure: options => options.Limits.MaxConnections = 1);
        await using var first = await LineClient.LogInAsync(server.Port, "first");

        await using var refused = await ConnectTlsAsync(server);
        Assert.Equal(["Server is full"], await refused.ReadUntilClosedAsync());
        await first.ExpectNothingMoreAsync();
    }

    [Fact]
    public async Task Too_many_connections_from_an_address_on_the_TLS_port_is_said_over_TLS_and_another_address_is_let_in()
    {
        await using var server = await StartAsync(configure: options =>
        {
            options.Limits.ExemptLoopback = false; // the default; the test servers exempt it
            options.Limits.MaxConnectionsPerAddress = 1;
        });
        await using var first = await LineClient.LogInAsync(server.Port, "first"); // the plain port counts too

        await using var refused = await ConnectTlsAsync(server);
        Assert.Equal(["Too many connections from your address (max 1)"], await refused.ReadUntilClosedAsync());

        // The same port, from another loopback address: admitted and chatting, over TLS.
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new System.Net.IPEndPoint(System.Net.IPAddress.Parse("127.0.0.2"), 0));
        await socket.ConnectAsync(System.Net.IPAddress.Loopback, server.TlsPort!.Value).WaitAsync(LineClient.Patience);
        await using var tls = new SslStream(new NetworkStream(socket, ownsSocket: false), false, _certificate.TrustOnlyThis);
        await tls.AuthenticateAsClientAsync("localhost").WaitAsync(LineClient.Patience);
        using var reader = new StreamReader(tls, Encoding.UTF8);
        await tls.WriteAsync(Encoding.UTF8.GetBytes("elsewhere\n"));
        Assert.Equal("Welcome to the chat server!", await reader.ReadLineAsync().WaitAsync(LineClient.Patience));
        await first.ExpectNothingMoreAsync();
    }

    [Fact]
    public async Task Refusals_under_way_over_TLS_are_bounded_past_that_a_refused_connection_is_closed_without_a_word()
    {
        await using var server = await StartAsync(configure: options => options.Limits.MaxConnections = 1);
        await using var first = await LineClient.LogInAsync(server.Port, "first");

        // Each of these is refused over TLS, so it waits for a handshake that never starts
        // (for the whole login timeout, 30 s, longer than this test waits).
        var silent = new List<TcpClient>();
        try
        {
            for (int i = 0; i < TcpEntrance.MaxRefusalsUnderWay; i++)
            {
                var waiting = new TcpClient();
                silent.Add(waiting);
                await waiting.ConnectAsync("127.0.0.1", server.TlsPort!.Value).WaitAsync(LineClient.Patience);
            }
            using var oneTooMany = new TcpClient();
            await oneTooMany.ConnectAsync("127.0.0.1", server.TlsPort!.Value).WaitAsync(LineClient.Patience);
            Assert.Empty(await ReadUntilClosedAsync(oneTooMany.GetStream())); // closed at once, not a byte
            await first.ExpectNothingMoreAsync();
        }
        finally
        {
            foreach (var waiting in silent) waiting.Dispose();
        }
    }

    [Fact]
    public async Task Missing_or_half_TLS_settings_stop_the_start_with_one_clear_reason()
    {
        var noKey = await Assert.ThrowsAsync<TlsSetupException>(() =>
            ChatServer.StartAsync(RunningServer.Options(options => options.Tls.Cert = _certificate.CertPath)));
        Assert.Contains("--tls-key", noKey.Message);

        var portOnly = await Assert.ThrowsAsync<TlsSetupException>(() =>
            ChatServer.StartAsync(RunningServer.Options(options => options.Tls.Port = 0)));
        Assert.Contains("--tls-cert", portOnly.Message);

        var missing = Path.Combine(_certificate.Directory, "nowhere.pem");
        var noFile = await Assert.ThrowsAsync<TlsSetupException>(() => ChatServer.StartAsync(RunningServer.Options(options =>
        {
            options.Tls.Cert = missing;
            options.Tls.Key = _certificate.KeyPath;
        })));
        Assert.Contains(missing, noFile.Message);

        using var other = TestCertificate.Create();
        var mismatch = await Assert.ThrowsAsync<TlsSetupException>(() => ChatServer.StartAsync(RunningServer.Options(options =>
        {
            options.Tls.Cert = _certificate.CertPath;
            options.Tls.Key = other.KeyPath;
        })));
        Assert.Contains(other.KeyPath, mismatch.Message);
    }

    /// <summary>Waits (with a bound) until the server has closed a stalled TLS client: its handshake or its next read ends.</summary>
    private static async Task EndedByServerAsync(Task handshake, SslStream tls)
    {
        try
        {
            await handshake.WaitAsync(LineClient.Patience);
            // TLS 1.3: the client's side of the handshake is done once it has sent its (swallowed)
            // Finished; the server, still waiting for it, closes, which ends the next read.
            var read = await tls.ReadAsync(new byte[256]).AsTask().WaitAsync(LineClient.Patience);
            Assert.Equal(0, read);
        }
        catch (TimeoutException) { throw; }
        catch (Exception e) when (e is IOException or System.Security.Authentication.AuthenticationException)
        {
            // The server closed the connection under the handshake or the read: what we wait for.
        }
    }

    private static async Task<byte[]> ReadUntilClosedAsync(NetworkStream stream)
    {
        var received = new MemoryStream();
        var buffer = new byte[4096];
        using var patience = new CancellationTokenSource(LineClient.Patience);
        try
        {
            int read;
            while ((read = await stream.ReadAsync(buffer, patience.Token)) > 0) received.Write(buffer, 0, read);
        }
        catch (IOException) { /* reset: closed all the same */ }
        catch (OperationCanceledException)
        {
            throw new Xunit.Sdk.XunitException($"The server did not close the connection within {LineClient.Patience.TotalSeconds} s");
        }
        return received.ToArray();
    }
}
