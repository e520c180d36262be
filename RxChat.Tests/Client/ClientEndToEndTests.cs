using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using RxChat.Client.Session;
using RxChat.Server.Hosting;
using RxChat.Tests.Support;

namespace RxChat.Tests.Client;

/// <summary>
/// The client as a process, stdin piped in and stdout read back, against the real server;
/// a raw-socket peer checks what actually went over the wire.
/// </summary>
public sealed class ClientEndToEndTests
{
    private const string Connected = "Connected to chat as tester. Type 'quit' to exit.";
    private const string Hint = "Type /join <room> to enter a room (it is created if needed), /help for the commands.";

    private static bool IsStamped(string line, string afterStamp) =>
        Regex.IsMatch(line, "^\\[\\d\\d:\\d\\d:\\d\\d\\] " + Regex.Escape(afterStamp) + "$");

    private static void AssertStamped(string afterStamp, string line) =>
        Assert.True(IsStamped(line, afterStamp), $"Expected \"[HH:MM:SS] {afterStamp}\", got \"{line}\"");

    private static async Task<LineClient> PeerInMainAsync(int port)
    {
        var peer = await LineClient.LogInAsync(port, "peer");
        await peer.SendLineAsync("/join main");
        Assert.Equal("You joined room main", await peer.ReadLineAsync());
        return peer;
    }

    [Fact]
    public async Task A_piped_client_chats_with_a_peer_and_leaves_cleanly_at_end_of_input()
    {
        await using var server = await RunningServer.StartAsync();
        await using var peer = await PeerInMainAsync(server.Port);
        await using var client = ClientProcess.Start("tester", "127.0.0.1", server.Port.ToString());

        await client.ExpectOutputAsync(l => l == "Welcome to the chat server!", "the welcome");
        Assert.Equal(Connected, client.Output[0]);

        await client.TypeAsync("/join main");
        AssertStamped("tester joined the room", await peer.ReadLineAsync());
        await client.ExpectOutputAsync(l => l == "You joined room main", "the join reply");

        await client.TypeAsync("Hello [red]peer[/]");
        AssertStamped("tester: Hello [red]peer[/]", await peer.ReadLineAsync());
        await client.ExpectOutputAsync(l => IsStamped(l, "tester: Hello [red]peer[/]"), "the echo of its own message");

        await peer.SendLineAsync("Hi \u001b[31mtester\u0007");
        var shown = await client.ExpectOutputAsync(l => l.Contains("peer: Hi"), "the peer's message");
        Assert.Matches("^\\[\\d\\d:\\d\\d:\\d\\d\\] peer: Hi (\\[31m)?tester$", shown);

        await client.TypeAsync("/help");
        await client.ExpectOutputAsync(l => l == "Commands:", "the help");

        client.CloseInput();
        Assert.Equal(0, await client.ExitCodeAsync());
        AssertStamped("tester left the room main", await peer.ReadLineAsync());
        await peer.ExpectNothingMoreAsync();   // neither /help nor "quit" reached the room

        Assert.Contains("> /join main", client.Output);
        Assert.DoesNotContain(client.Output, l => l.Contains('\u001b') || l.Contains('\u0007'));
        Assert.Equal([Hint], client.Errors);   // the one notice: the hint after the welcome
    }

    [Fact]
    public async Task A_script_can_pipe_all_its_lines_and_its_end_of_input_at_once()
    {
        await using var server = await RunningServer.StartAsync();
        await using var peer = await PeerInMainAsync(server.Port);
        await using var client = ClientProcess.Start("tester", "127.0.0.1", server.Port.ToString());

        await client.TypeAsync("/join main\nfirst\n\n   \nsecond");
        client.CloseInput();

        Assert.Equal(0, await client.ExitCodeAsync());
        AssertStamped("tester joined the room", await peer.ReadLineAsync());
        AssertStamped("tester: first", await peer.ReadLineAsync());
        AssertStamped("tester: second", await peer.ReadLineAsync());   // blank lines are never sent
        AssertStamped("tester left the room main", await peer.ReadLineAsync());
        await peer.ExpectNothingMoreAsync();
        // The welcome first, however fast the script: nothing is echoed before the server took the login.
        Assert.Equal([Connected, "Welcome to the chat server!", "> /join main"], client.Output.Take(3));
        Assert.Equal([Hint], client.Errors);
        Assert.Contains("You joined room main", client.Output);
    }

    [Theory]
    [InlineData("quit")]
    [InlineData("exit")]
    public async Task Typing_quit_or_exit_tells_the_server_and_exits_zero(string word)
    {
        await using var server = await RunningServer.StartAsync();
        await using var peer = await PeerInMainAsync(server.Port);
        await using var client = ClientProcess.Start("tester", "127.0.0.1", server.Port.ToString());
        await client.TypeAsync("/join main");
        AssertStamped("tester joined the room", await peer.ReadLineAsync());

        await client.TypeAsync(word);   // standard input stays open: the word alone ends the session

        Assert.Equal(0, await client.ExitCodeAsync());
        AssertStamped("tester left the room main", await peer.ReadLineAsync());
        await peer.ExpectNothingMoreAsync();
    }

    [Fact]
    public async Task A_refused_connection_is_one_line_on_stderr_and_a_nonzero_exit()
    {
        var port = ClosedPort();
        await using var client = ClientProcess.Start("tester", "127.0.0.1", port.ToString());

        Assert.Equal(1, await client.ExitCodeAsync());
        var error = Assert.Single(client.Errors);
        Assert.StartsWith($"Could not connect to 127.0.0.1:{port}", error);
        Assert.Empty(client.Output);
    }

    [Fact]
    public async Task Without_reconnect_a_dropped_connection_is_explained_and_exits_nonzero()
    {
        await using var server = await RunningServer.StartAsync();
        await using var client = ClientProcess.Start("tester", "127.0.0.1", server.Port.ToString());
        await client.ExpectOutputAsync(l => l == "Welcome to the chat server!", "the welcome");

        await server.DisposeAsync();

        Assert.Equal(ExitCode.ConnectionLost, await client.ExitCodeAsync());
        Assert.Contains("Server is shutting down", client.Output);
        Assert.Contains(client.Errors, l => l.Contains("closed by the server"));
    }

    [Fact]
    public async Task With_reconnect_the_client_logs_in_again_and_rejoins_its_room()
    {
        await using var first = await RunningServer.StartAsync();   // stopping twice is harmless
        var port = first.Port;
        await using var client = ClientProcess.Start("tester", "127.0.0.1", port.ToString(), "--reconnect");
        await client.TypeAsync("/join main");
        await client.ExpectOutputAsync(l => l == "You joined room main", "the join reply");

        await first.DisposeAsync();
        await client.ExpectErrorAsync(l => l.Contains("closed by the server. Reconnecting in"), "that it is reconnecting");
        await client.TypeAsync("said while away");
        await client.ExpectErrorAsync(l => l == "Not connected, not sent: said while away", "that the line was not sent");

        await using var second = await RunningServer.StartAsync(o => o.Port = port);
        await client.ExpectOutputCountAsync("Welcome to the chat server!", 2);
        await client.ExpectErrorAsync(l => l.StartsWith($"Reconnected to 127.0.0.1:{port}; joining main again."), "that it reconnected");
        await client.ExpectOutputCountAsync("You joined room main", 2);

        // The peer connected after the client, so if the client is in main it leads it.
        await using var peer = await PeerInMainAsync(port);
        await peer.SendLineAsync("/leader");
        Assert.Equal("Leader of room main: tester", await peer.ReadLineAsync());
        await peer.SendLineAsync("welcome back");
        await client.ExpectOutputAsync(l => IsStamped(l, "peer: welcome back"), "the peer's message on the new server");

        client.CloseInput();
        Assert.Equal(0, await client.ExitCodeAsync());
        AssertStamped("tester left the room main", await peer.ReadLineAsync());
        AssertStamped("peer is now the leader of main", await peer.ReadLineAsync());
        await peer.ExpectNothingMoreAsync();   // in particular not the line typed while away
    }

    [Theory]
    [InlineData("--reconnect")]
    [InlineData("--no-color")]
    public async Task A_name_in_use_exits_three_at_once_without_claiming_to_be_connected(string flag)
    {
        await using var server = await RunningServer.StartAsync();
        await using var holder = await LineClient.LogInAsync(server.Port, "tester");
        await using var client = ClientProcess.Start("tester", "127.0.0.1", server.Port.ToString(), flag);

        Assert.Equal(3, await client.ExitCodeAsync());
        Assert.Empty(client.Output);
        Assert.Equal(["Username \"tester\" is already in use"], client.Errors);   // once, and nothing else
    }

    [Fact]
    public async Task Nothing_is_shown_as_said_that_was_not_sent_to_a_room()
    {
        await using var server = await RunningServer.StartAsync();
        await using var peer = await PeerInMainAsync(server.Port);
        await using var client = ClientProcess.Start("tester", "127.0.0.1", server.Port.ToString());
        await client.ExpectOutputAsync(l => l == "Welcome to the chat server!", "the welcome");

        await client.TypeAsync("hello from nowhere");
        await client.ExpectErrorAsync(l => l == "Not sent: you are not in a room. Join one first with /join <room>.", "the local refusal");
        await client.TypeAsync("/join main");
        AssertStamped("tester joined the room", await peer.ReadLineAsync());
        await client.ExpectOutputAsync(l => l == "You joined room main", "the join reply");
        await client.TypeAsync(new string('x', 4097));
        await client.ExpectErrorAsync(l => l.StartsWith("Not sent: the line is 4,097 bytes"), "the size refusal");

        client.CloseInput();
        Assert.Equal(0, await client.ExitCodeAsync());
        AssertStamped("tester left the room main", await peer.ReadLineAsync());
        await peer.ExpectNothingMoreAsync();
        Assert.DoesNotContain(client.Output, l => l.Contains("tester: "));   // no echo of a line nobody got
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
