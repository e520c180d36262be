using System.Net;
using System.Net.Sockets;
using RxChat.Tests.Support;

namespace RxChat.Tests.EndToEnd;

/// <summary>
/// Starting cleanly (issue "First contact"): a port someone else holds is said in one line and
/// exit 2, before any port accepts anyone; a second server on a port never shares it with the
/// first; a server just stopped can start again on its port at once.
/// </summary>
public sealed class PortInUseTests : IDisposable
{
    private readonly TestCertificate _certificate = TestCertificate.Create();
    private readonly DirectoryInfo _dataDir = Directory.CreateTempSubdirectory("rxchat-ports-");

    [Theory]
    [InlineData("TCP", "--port")]
    [InlineData("TLS", "--tls-port")]
    [InlineData("HTTP", "--http-port")]
    [InlineData("HTTPS", "--https-port")]
    public async Task A_port_in_use_is_one_line_and_exit_2_and_nothing_is_accepted(string kind, string option)
    {
        var busy = new TcpListener(IPAddress.Loopback, 0); // someone else's server
        busy.Start();
        try
        {
            int port = ((IPEndPoint)busy.LocalEndpoint).Port;
            var ports = new Dictionary<string, string> { ["--port"] = "0", ["--tls-port"] = "0", ["--http-port"] = "0", ["--https-port"] = "0" };
            ports[option] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
            await using var server = ServerProcess.Launch([
                "--host", "127.0.0.1", "--data-dir", _dataDir.FullName,
                "--tls-cert", _certificate.CertPath, "--tls-key", _certificate.KeyPath,
                .. ports.SelectMany(p => new[] { p.Key, p.Value })]);

            Assert.Equal(2, await server.ExitCodeAsync());
            var mayBeOff = kind is "HTTP" or "HTTPS" ? $", or -1 to turn {kind} off" : "";
            // Exactly one line: no stack trace, and no "Connection … from" nor "started" before it.
            Assert.Equal([$"rxchat: cannot start: port {port} ({kind}) is in use; choose another with {option}{mayBeOff}"], server.Log);
            Assert.False(busy.Pending()); // nor did it knock on the busy port
        }
        finally { busy.Stop(); }
    }

    [Fact]
    public async Task A_second_server_on_the_same_port_exits_2_and_the_first_keeps_serving()
    {
        await using var first = await ServerProcess.StartAsync(_dataDir.FullName);
        await using var alice = await LineClient.LogInAsync(first.Port, "alice");

        var otherDir = Directory.CreateTempSubdirectory("rxchat-ports-second-");
        try
        {
            await using var second = ServerProcess.Launch(["--host", "127.0.0.1", "--port", first.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "--http-port", "0", "--data-dir", otherDir.FullName]);
            Assert.Equal(2, await second.ExitCodeAsync());
            Assert.Equal([$"rxchat: cannot start: port {first.Port} (TCP) is in use; choose another with --port"], second.Log);
        }
        finally { otherDir.Delete(recursive: true); }

        // Everyone who comes to the port meets the first server, and alice with them.
        await using var bob = await LineClient.LogInAsync(first.Port, "bob");
        await alice.SendLineAsync("/users");
        Assert.Equal("Users: alice, bob", await alice.ReadLineAsync());
        Assert.DoesNotContain(first.Log, line => line.Contains("Accept failed", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_server_just_stopped_leaves_its_port_free_for_the_next_at_once()
    {
        int port;
        await using (var first = await ServerProcess.StartAsync(_dataDir.FullName))
        {
            port = first.Port;
            await using var alice = await LineClient.LogInAsync(port, "alice");
            Assert.Equal(0, await first.TerminateAsync()); // the server closes first: its side of alice's connection waits in TIME_WAIT
            await alice.ReadUntilClosedAsync();
        }
        await using var again = await ServerProcess.StartAsync(_dataDir.FullName, "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(port, again.Port);
        await using var bob = await LineClient.LogInAsync(port, "bob");
    }

    public void Dispose()
    {
        _certificate.Dispose();
        _dataDir.Delete(recursive: true);
    }
}
