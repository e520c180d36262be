using RxChat.Server.Hosting;
using RxChat.Tests.Support;

namespace RxChat.Tests.EndToEnd.Irc;

/// <summary>IRC over TLS: the same registration and chat inside TLS, on a port of its own; never without the certificate.</summary>
public sealed class IrcTlsTests : IDisposable
{
    private readonly TestCertificate _certificate = TestCertificate.Create();

    public void Dispose() => _certificate.Dispose();

    [Fact]
    public async Task An_IRC_client_registers_and_chats_over_TLS_with_a_TCP_user()
    {
        await using var server = await ChatServer.StartAsync(RunningServer.Options(options =>
        {
            _certificate.ServeFrom(options);
            options.Irc.TlsPort = 0;
        }));
        Assert.Null(server.IrcPort);
        await using var amy = await LineClient.LogInAsync(server.Port, "amy");
        await amy.SendLineAsync("/join main");
        await amy.ReadLineAsync();
        await using var bob = await IrcPeer.ConnectTlsAsync(server.IrcTlsPort!.Value, _certificate.TrustOnlyThis);
        await bob.SendAsync("NICK bob");
        await bob.SendAsync("USER bob 0 * :Bob");
        Assert.Equal(":rxchat 001 bob :Welcome to the chat server!", await bob.ReadAsync());
        await bob.ReadThroughAsync("376");
        await bob.SendAsync("JOIN #main");
        await bob.ReadThroughAsync("366");
        await bob.SendAsync("PRIVMSG #main :over tls");
        Assert.EndsWith("bob joined the room", await amy.ReadLineAsync());
        Assert.EndsWith("bob: over tls", await amy.ReadLineAsync());
    }

    [Fact]
    public async Task The_IRC_TLS_port_without_a_certificate_is_one_clear_error()
    {
        var error = await Assert.ThrowsAsync<InvalidSettingException>(() => ChatServer.StartAsync(RunningServer.Options(options => options.Irc.TlsPort = 0)));
        Assert.Equal("--irc-tls-port needs the TLS certificate and its key (--tls-cert and --tls-key)", error.Message);
    }
}
