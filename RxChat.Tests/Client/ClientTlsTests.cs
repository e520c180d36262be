using RxChat.Client;
using RxChat.Client.Session;
using RxChat.Server.Hosting;
using RxChat.Tests.Support;
using static RxChat.Tests.Support.Peers;

namespace RxChat.Tests.Client;

/// <summary>
/// The console client over TLS, as a real process against the real server's TLS port with a
/// certificate the test makes: <c>--tls --ca</c> chats, <c>--tls</c> alone refuses a
/// certificate nobody vouches for, <c>--insecure</c> connects and says what it skipped.
/// </summary>
public sealed class ClientTlsTests : IDisposable
{
    private const string Connected = "Connected to chat as tester. Type 'quit' to exit.";
    private readonly TestCertificate _certificate = TestCertificate.Create();

    public void Dispose() => _certificate.Dispose();

    private Task<ChatServer> StartAsync(CapturedLog? log = null) =>
        ChatServer.StartAsync(RunningServer.Options(_certificate.ServeFrom), log);

    [Fact]
    public async Task With_tls_and_ca_the_client_chats_over_TLS_with_a_plain_peer()
    {
        await using var server = await StartAsync();
        await using var peer = await InRoomAsync(server.Port, "peer", "main");
        await using var client = ClientProcess.Start("tester", "localhost", server.TlsPort!.Value.ToString(), "--tls", "--ca", _certificate.CertPath);

        await client.ExpectOutputAsync(l => l == "Welcome to the chat server!", "the welcome");
        Assert.Equal(Connected, client.Output[0]);
        await client.TypeAsync("/join main");
        AssertStamped("tester joined the room", await peer.ReadLineAsync());
        await client.TypeAsync("secret plans");
        AssertStamped("tester: secret plans", await peer.ReadLineAsync());
        await peer.SendLineAsync("received");
        await client.ExpectOutputAsync(l => l.EndsWith("peer: received", StringComparison.Ordinal), "the peer's line");

        client.CloseInput();
        Assert.Equal(0, await client.ExitCodeAsync());
        AssertStamped("tester left the room main", await peer.ReadLineAsync());
        Assert.DoesNotContain(client.Errors, l => l.Contains("Warning", StringComparison.Ordinal));
    }

    [Fact]
    public async Task With_ca_the_client_trusts_a_certificate_its_CA_issued_through_an_intermediate()
    {
        using var issued = TestCertificate.CreateIssued();
        await using var server = await ChatServer.StartAsync(RunningServer.Options(issued.ServeFrom));
        await using var client = ClientProcess.Start("tester", "localhost", server.TlsPort!.Value.ToString(), "--ca", issued.CaPath!);

        await client.ExpectOutputAsync(l => l == "Welcome to the chat server!", "the welcome"); // the server sent the intermediate
        client.CloseInput();
        Assert.Equal(0, await client.ExitCodeAsync());
    }

    [Fact]
    public async Task By_default_the_client_refuses_an_untrusted_certificate_in_one_line_and_sends_nothing()
    {
        var log = new CapturedLog();
        await using var server = await StartAsync(log);
        await using var client = ClientProcess.Start("tester", "localhost", server.TlsPort!.Value.ToString(), "--tls");

        Assert.Equal(ExitCode.CouldNotConnect, await client.ExitCodeAsync());
        var refusal = Assert.Single(client.Errors);
        Assert.Contains("not trusted", refusal);
        Assert.Contains("--ca", refusal); // says what to do about it
        Assert.Empty(client.Output);
        await log.WaitForAsync("disconnected", LineClient.Patience); // the client hung up before saying a word
        Assert.Equal(0, log.Count("logged in"));
    }

    [Fact]
    public async Task A_ca_that_did_not_issue_the_certificate_is_refused()
    {
        await using var server = await StartAsync();
        using var stranger = TestCertificate.Create("stranger");
        await using var client = ClientProcess.Start("tester", "localhost", server.TlsPort!.Value.ToString(), "--ca", stranger.CertPath);

        Assert.Equal(ExitCode.CouldNotConnect, await client.ExitCodeAsync());
        Assert.Contains("not trusted", Assert.Single(client.Errors));
    }

    [Fact]
    public async Task A_trusted_certificate_for_another_host_name_is_refused()
    {
        using var stranger = TestCertificate.Create("stranger"); // for the name "stranger" only
        await using var server = await ChatServer.StartAsync(RunningServer.Options(stranger.ServeFrom));
        await using var client = ClientProcess.Start("tester", "localhost", server.TlsPort!.Value.ToString(), "--ca", stranger.CertPath);

        Assert.Equal(ExitCode.CouldNotConnect, await client.ExitCodeAsync());
        Assert.Contains("not for localhost", Assert.Single(client.Errors));
    }

    [Fact]
    public async Task Insecure_connects_without_checking_and_warns_first()
    {
        await using var server = await StartAsync();
        await using var client = ClientProcess.Start("tester", "127.0.0.1", server.TlsPort!.Value.ToString(), "--insecure");

        await client.ExpectOutputAsync(l => l == "Welcome to the chat server!", "the welcome");
        var warning = await client.ExpectErrorAsync(l => l.StartsWith("Warning: --insecure", StringComparison.Ordinal), "the warning");
        Assert.Contains("not checked", warning);
        Assert.Equal(warning, client.Errors[0]); // before anything else
        client.CloseInput();
        Assert.Equal(0, await client.ExitCodeAsync());
    }

    [Fact]
    public void Tls_flags_parse_into_what_they_promise()
    {
        var tls = ClientOptions.Parse(["tester", "--tls"], out _)!;
        Assert.Equal((ClientOptions.DefaultTlsPort, false), (tls.Port, tls.Tls!.Insecure));

        var ca = ClientOptions.Parse(["tester", "host", "9000", "--ca", _certificate.CertPath], out _)!;
        Assert.Equal(9000, ca.Port);
        Assert.NotNull(ca.Tls); // --ca implies --tls

        Assert.True(ClientOptions.Parse(["--insecure", "tester"], out _)!.Tls!.Insecure);
        Assert.Null(ClientOptions.Parse(["tester"], out _)!.Tls);
    }

    [Theory]
    [InlineData("tester|--ca", "--ca needs a file")]
    [InlineData("tester|--ca|/nowhere/ca.pem", "Cannot read the CA file /nowhere/ca.pem")]
    [InlineData("tester|--insecure|--ca|CERT", "choose one")]
    [InlineData("tester|--ca|KEY", "No certificate in the CA file")]
    public void Bad_tls_flags_are_explained(string args, string explanation)
    {
        var list = args.Replace("CERT", _certificate.CertPath).Replace("KEY", _certificate.KeyPath).Split('|');
        Assert.Null(ClientOptions.Parse(list, out var error));
        Assert.Contains(explanation, error);
    }
}
