using System.Net;
using System.Net.Sockets;
using RxChat.Client.Session;
using RxChat.Tests.Support;

namespace RxChat.Tests.Client.CommandLine;

/// <summary>The built client as a process: what a shell sees of its command line — output, exit code, and no connection it was not asked for.</summary>
public sealed class CommandLineProcessTests
{
    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    public async Task Help_prints_the_options_exits_zero_and_connects_to_nothing(string flag)
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port.ToString();
        await using var client = ClientProcess.Start("zed", "127.0.0.1", port, flag);

        Assert.Equal(0, await client.ExitCodeAsync());
        Assert.Contains(client.Output, l => l.TrimStart().StartsWith("--reconnect", StringComparison.Ordinal));
        Assert.Empty(client.Errors);
        // The process has exited: a connect it had made would be waiting in the backlog.
        Assert.False(listener.Pending());
    }

    [Fact]
    public async Task Version_prints_one_line_and_exits_zero()
    {
        await using var client = ClientProcess.Start("--version");

        Assert.Equal(0, await client.ExitCodeAsync());
        Assert.Matches(@"^\d+\.\d+\.\d+", Assert.Single(client.Output));
    }

    [Fact]
    public async Task A_typo_is_one_line_on_stderr_and_exit_64()
    {
        await using var client = ClientProcess.Start("zed", "--reconect");

        Assert.Equal(ExitCode.Usage, await client.ExitCodeAsync());
        Assert.Equal(["unknown option --reconect; did you mean --reconnect?"], client.Errors);
        Assert.Empty(client.Output);
    }

    [Fact]
    public async Task Host_colon_port_reaches_the_server_on_that_port()
    {
        await using var server = await RunningServer.StartAsync();
        await using var client = ClientProcess.Start("zed", $"127.0.0.1:{server.Port}");

        await client.ExpectOutputAsync(l => l == "Welcome to the chat server!", "the welcome");
        client.CloseInput();
        Assert.Equal(0, await client.ExitCodeAsync());
    }
}
