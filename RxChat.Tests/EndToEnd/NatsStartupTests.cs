using System.Net;
using System.Net.Sockets;
using RxChat.Tests.Support;

namespace RxChat.Tests.EndToEnd;

/// <summary>A node whose NATS cannot be reached does not start, and says why in one line.</summary>
public sealed class NatsStartupTests
{
    [Fact]
    public async Task Without_a_reachable_NATS_a_node_does_not_start_and_says_so_in_one_line()
    {
        int closedPort;
        using (var probe = new TcpListener(IPAddress.Loopback, 0)) // a free port nobody listens on once it is closed
        {
            probe.Start();
            closedPort = ((IPEndPoint)probe.LocalEndpoint).Port;
        }
        var url = $"nats://127.0.0.1:{closedPort}";
        await using var node = ServerProcess.Launch(["--host", "127.0.0.1", "--port", "0", "--http-port", "-1", "--nats", url, "--node", "n1",
            "--RxChat:Nats:StartTimeoutSeconds", "3"]); // it waits that long for NATS, then gives up

        Assert.Equal(2, await node.ExitCodeAsync());
        var said = Assert.Single(node.Log, line => line.StartsWith("rxchat: cannot start:", StringComparison.Ordinal));
        Assert.Contains(url, said);
        Assert.DoesNotContain(node.Log, line => line.Contains("Server started", StringComparison.Ordinal));
    }
}
