using System.Net;
using System.Net.Sockets;
using RxChat.Tests.Support;

namespace RxChat.Tests.Client.Session;

/// <summary>
/// <c>--reconnect</c> on the very first connect, with the built client as a process: a
/// server started after the client is reached, and Ctrl+C ends the waiting as a leave.
/// </summary>
public sealed class FirstConnectTests
{
    [Fact]
    public async Task With_reconnect_a_server_started_later_is_reached()
    {
        var port = ClosedPort();
        await using var client = ClientProcess.Start("tester", $"127.0.0.1:{port}", "--reconnect");
        await client.ExpectErrorAsync(l => l == $"Could not reconnect to 127.0.0.1:{port}: Connection refused. Reconnecting in 1 s…",
            "the first retry, in the words of any reconnect");

        await using var server = await RunningServer.StartAsync(o => o.Port = port);
        await client.ExpectOutputAsync(l => l == "Welcome to the chat server!", "the welcome, once the server is up");
        Assert.Equal("Connected to chat as tester. Type 'quit' to exit.", client.Output[0]);

        client.CloseInput();
        Assert.Equal(0, await client.ExitCodeAsync());
    }

    [Fact]
    public async Task Ctrl_c_while_retrying_the_first_connect_leaves_cleanly()
    {
        var port = ClosedPort();
        await using var client = ClientProcess.Start("tester", "127.0.0.1", port.ToString(), "--reconnect");
        await client.ExpectErrorAsync(l => l.Contains("Reconnecting in"), "that it is retrying");

        client.Interrupt();

        Assert.Equal(0, await client.ExitCodeAsync());
        Assert.Empty(client.Output);
    }

    /// <summary>A loopback port nobody listens on: bound by the system, then released.</summary>
    private static int ClosedPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
