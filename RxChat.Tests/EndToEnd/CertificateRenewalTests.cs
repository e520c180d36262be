using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using RxChat.Server.Hosting;
using RxChat.Tests.Server.Log;
using RxChat.Tests.Support;
using static RxChat.Tests.Support.Peers;

namespace RxChat.Tests.EndToEnd;

/// <summary>
/// A certificate renewed in place — its files written over, as certbot does — is the one every
/// new handshake gets, on the TLS port and HTTPS alike, while the users already connected go
/// on chatting over their sessions; SIGHUP reads it at once.
/// </summary>
public sealed class CertificateRenewalTests : IDisposable
{
    private readonly TestCertificate _old = TestCertificate.Create();
    private readonly TestCertificate _renewed = TestCertificate.Create();

    public void Dispose()
    {
        _old.Dispose();
        _renewed.Dispose();
    }

    /// <summary>The renewal: the new pair over the old files, their times plainly later (a file system may count whole seconds).</summary>
    private void Renew()
    {
        File.Copy(_renewed.CertPath, _old.CertPath, overwrite: true);
        File.Copy(_renewed.KeyPath, _old.KeyPath, overwrite: true);
        var later = DateTime.UtcNow.AddMinutes(1);
        File.SetLastWriteTimeUtc(_old.CertPath, later);
        File.SetLastWriteTimeUtc(_old.KeyPath, later);
    }

    /// <summary>A TLS client that trusts either certificate, and says which one it was shown.</summary>
    private async Task<(LineClient Client, string Thumbprint)> ConnectAsync(int port)
    {
        string? shown = null;
        var client = await LineClient.ConnectTlsAsync(port, (_, presented, _, _) =>
        {
            shown = presented?.GetCertHashString();
            return shown == _old.Certificate.GetCertHashString() || shown == _renewed.Certificate.GetCertHashString();
        });
        return (client, shown!);
    }

    /// <summary>The certificate an HTTPS handshake presents.</summary>
    private static async Task<string> HttpsCertificateAsync(int port)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync("127.0.0.1", port);
        string? shown = null;
        await using var tls = new SslStream(tcp.GetStream(), false, (_, presented, _, _) =>
        {
            shown = presented?.GetCertHashString();
            return shown is not null; // which one it is, the test says
        });
        await tls.AuthenticateAsClientAsync("localhost").WaitAsync(LineClient.Patience);
        return shown!;
    }

    [Fact]
    public async Task A_renewed_certificate_is_used_for_new_handshakes_and_nobody_is_disconnected()
    {
        await using var server = await RunningServer.StartWithHttpAsync(options =>
        {
            _old.ServeFrom(options);
            options.Tls.HttpsPort = 0;
        });
        var (alice, before) = await ConnectAsync(server.TlsPort!.Value);
        await using var _ = alice;
        Assert.Equal(_old.Certificate.GetCertHashString(), before);
        await alice.SendLineAsync("alice");
        Assert.Equal("Welcome to the chat server!", await alice.ReadLineAsync());
        await alice.SendLineAsync("/join main");
        Assert.Equal("You joined room main", await alice.ReadLineAsync());
        Assert.Equal(_old.Certificate.GetCertHashString(), await HttpsCertificateAsync(server.HttpsPort!.Value));

        Renew();

        var (bob, after) = await ConnectAsync(server.TlsPort.Value);
        await using var __ = bob;
        Assert.Equal(_renewed.Certificate.GetCertHashString(), after);
        Assert.Equal(_renewed.Certificate.GetCertHashString(), await HttpsCertificateAsync(server.HttpsPort.Value));
        await bob.SendLineAsync("bob");
        Assert.Equal("Welcome to the chat server!", await bob.ReadLineAsync());
        await bob.SendLineAsync("/join main");
        Assert.Equal("You joined room main", await bob.ReadLineAsync());
        AssertStamped("bob joined the room", await alice.ReadLineAsync());

        // Alice's session, made with the old certificate, goes on both ways.
        await alice.SendLineAsync("still here");
        AssertStamped("alice: still here", await bob.ReadLineAsync());
        await bob.SendLineAsync("welcome back");
        AssertStamped("bob: welcome back", await alice.ReadLineAsync());
        Assert.Equal(2, server.OpenConnections.Count);
    }

    [Fact]
    public async Task A_renewal_that_cannot_be_read_leaves_the_current_certificate_in_use()
    {
        await using var server = await RunningServer.StartAsync(_old.ServeFrom);
        File.WriteAllText(_old.KeyPath, "not a key yet");
        File.SetLastWriteTimeUtc(_old.KeyPath, DateTime.UtcNow.AddMinutes(1));

        var (client, shown) = await ConnectAsync(server.TlsPort!.Value);
        await using var _ = client;
        Assert.Equal(_old.Certificate.GetCertHashString(), shown);
        await client.SendLineAsync("carol");
        Assert.Equal("Welcome to the chat server!", await client.ReadLineAsync());
    }

    [Fact]
    public async Task SIGHUP_reads_the_certificate_again_and_the_server_goes_on()
    {
        using var dataDir = new TempDataDir();
        await using var server = await ServerProcess.StartAsync(dataDir.Path,
            "--tls-port", "0", "--tls-cert", _old.CertPath, "--tls-key", _old.KeyPath, "--https-port", "-1");
        var tlsPort = int.Parse((await server.WaitForLogAsync("TLS on ")).Split(':')[^1], System.Globalization.CultureInfo.InvariantCulture);
        Renew();
        using (var hangup = System.Diagnostics.Process.Start("kill", ["-HUP", server.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            await hangup.WaitForExitAsync().WaitAsync(ServerProcess.Patience);

        Assert.Contains("TLS certificate reloaded", await server.WaitForLogAsync("TLS certificate reloaded"));
        var (client, shown) = await ConnectAsync(tlsPort);
        await using var _ = client;
        Assert.Equal(_renewed.Certificate.GetCertHashString(), shown);
        await client.SendLineAsync("dave");
        Assert.Equal("Welcome to the chat server!", await client.ReadLineAsync());
    }
}
