using System.Text.RegularExpressions;
using RxChat.Tests.Support;

namespace RxChat.Tests.EndToEnd;

/// <summary>PROTOCOL.md Part 2 framing fixes, over real sockets.</summary>
public sealed class FramingOverSocketsTests
{
    private static async Task<(LineClient Alice, LineClient Bob)> TwoInMainAsync(int port)
    {
        var alice = await LineClient.LogInAsync(port, "alice");
        await alice.SendLineAsync("/join main");
        Assert.Equal("You joined room main", await alice.ReadLineAsync());
        var bob = await LineClient.LogInAsync(port, "bob");
        await bob.SendLineAsync("/join main");
        Assert.Equal("You joined room main", await bob.ReadLineAsync());
        Assert.EndsWith("bob joined the room", await alice.ReadLineAsync());
        return (alice, bob);
    }

    [Fact]
    public async Task Several_lines_in_one_write_are_several_commands()
    {
        await using var server = await RunningServer.StartAsync();
        await using var client = await LineClient.ConnectAsync(server.Port);
        await client.SendRawAsync("carol\n/join main\n/room\n/leader\n");
        Assert.Equal(
            ["Welcome to the chat server!", "You joined room main", "You are in room main", "Leader of room main: carol"],
            await client.ReadLinesAsync(4));
    }

    [Fact]
    public async Task A_line_split_across_writes_is_one_message()
    {
        await using var server = await RunningServer.StartAsync();
        var (alice, bob) = await TwoInMainAsync(server.Port);
        await using var _ = alice;
        await using var __ = bob;
        await bob.SendRawAsync("Hel");
        await bob.SendRawAsync("lo every");
        await bob.SendRawAsync("one!\n");
        Assert.Matches(@"^\[\d\d:\d\d:\d\d\] bob: Hello everyone!$", await alice.ReadLineAsync());
    }

    [Fact]
    public async Task Crlf_line_endings_are_accepted()
    {
        await using var server = await RunningServer.StartAsync();
        await using var client = await LineClient.ConnectAsync(server.Port);
        await client.SendRawAsync("dave\r\n/join r\r\n/room\r\n");
        Assert.Equal(["Welcome to the chat server!", "You joined room r", "You are in room r"], await client.ReadLinesAsync(3));
    }

    [Fact]
    public async Task Blank_lines_are_ignored_and_do_not_disconnect()
    {
        await using var server = await RunningServer.StartAsync();
        await using var client = await LineClient.ConnectAsync(server.Port);
        await client.SendRawAsync("\n   \nerin\n\n\t\n/room\n");
        Assert.Equal(["Welcome to the chat server!", "You are not in any room"], await client.ReadLinesAsync(2));
    }

    /// <summary>
    /// A line at the limit (4,096 bytes and its newline) is more than one read takes: the
    /// unfinished part is kept between reads and the line arrives whole.
    /// </summary>
    [Fact]
    public async Task A_line_at_the_limit_arrives_whole_though_no_single_read_holds_it()
    {
        await using var server = await RunningServer.StartAsync();
        var (alice, bob) = await TwoInMainAsync(server.Port);
        await using var _ = alice;
        await using var __ = bob;
        var atTheLimit = new string('x', 4090) + "\u00e9\u00e8\u00ea"; // 4,096 bytes: three 2-byte characters at the end, which a read may split
        await bob.SendRawAsync(atTheLimit + "\nand the next\n");
        Assert.Equal(["bob: " + atTheLimit, "bob: and the next"], (await alice.ReadLinesAsync(2)).Select(Peers.Unstamped));
        await bob.ExpectNothingMoreAsync(); // no "Line too long"
    }

    [Fact]
    public async Task An_unfinished_last_line_counts_when_the_peer_closes_its_side()
    {
        await using var server = await RunningServer.StartAsync();
        await using var alice = await Peers.InRoomAsync(server.Port, "alice", "main");
        using var bob = new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
        await bob.ConnectAsync("127.0.0.1", server.Port).WaitAsync(LineClient.Patience);
        await bob.SendAsync("bob\n/join main\nno newline at the end"u8.ToArray());
        bob.Shutdown(System.Net.Sockets.SocketShutdown.Send);

        Assert.Equal(["bob joined the room", "bob: no newline at the end", "bob left the room main"],
            (await alice.ReadLinesAsync(3)).Select(Peers.Unstamped));
    }

    [Theory]
    [InlineData("quit")]
    [InlineData("exit")]
    [InlineData("/quit")]
    public async Task Goodbye_words_disconnect_gracefully_and_tell_the_others(string goodbye)
    {
        await using var server = await RunningServer.StartAsync();
        var (alice, bob) = await TwoInMainAsync(server.Port);
        await using var _ = alice;
        await using var __ = bob;
        await bob.SendLineAsync(goodbye);
        Assert.Empty(await bob.ReadUntilClosedAsync()); // the server closes bob's connection, saying nothing
        Assert.Matches(@"^\[\d\d:\d\d:\d\d\] bob left the room main$", await alice.ReadLineAsync());
        await alice.ExpectNothingMoreAsync(); // the goodbye word was not broadcast as chat
    }

    [Fact]
    public async Task The_leader_vanishing_abruptly_hands_over_leadership()
    {
        await using var server = await RunningServer.StartAsync();
        var (alice, bob) = await TwoInMainAsync(server.Port);
        await using var _ = bob;
        await using var carol = await LineClient.LogInAsync(server.Port, "carol");
        await carol.SendLineAsync("/join main");
        Assert.Equal("You joined room main", await carol.ReadLineAsync());
        await alice.ReadLineAsync();
        await bob.ReadLineAsync();

        alice.Abort(); // reset, no goodbye
        Assert.Matches(@"^\[\d\d:\d\d:\d\d\] alice left the room main$", await bob.ReadLineAsync());
        Assert.Matches(@"^\[\d\d:\d\d:\d\d\] alice left the room main$", await carol.ReadLineAsync());
        Assert.Matches(@"^\[\d\d:\d\d:\d\d\] bob is now the leader of main$", await carol.ReadLineAsync());
        await carol.SendLineAsync("/leader");
        Assert.Equal("Leader of room main: bob", await carol.ReadLineAsync());
    }

    [Fact]
    public async Task A_taken_username_is_refused_and_the_connection_closed()
    {
        await using var server = await RunningServer.StartAsync();
        await using var bob = await LineClient.LogInAsync(server.Port, "bob");
        await using var imposter = await LineClient.ConnectAsync(server.Port);
        await imposter.SendLineAsync("Bob");
        Assert.Equal(["Username \"Bob\" is already in use"], await imposter.ReadUntilClosedAsync());
        await bob.SendLineAsync("/users");
        Assert.Equal("Users: bob", await bob.ReadLineAsync());
    }

    [Fact]
    public async Task Stopping_the_server_tells_every_client_and_closes_them()
    {
        var server = await RunningServer.StartAsync();
        await using var amy = await LineClient.LogInAsync(server.Port, "amy");
        await using var silent = await LineClient.ConnectAsync(server.Port); // not logged in yet
        await amy.SendLineAsync("/join main");
        Assert.Equal("You joined room main", await amy.ReadLineAsync());
        // A connect completes in the kernel before the server accepts it; one still waiting to
        // be accepted when the listener closes is reset, not told. Every client here is one
        // the server has taken in: silent says nothing that could show it, so look.
        using (var patience = new CancellationTokenSource(LineClient.Patience))
            while (server.OpenConnections.Count < 2) await Task.Delay(10, patience.Token); // the bound decides failure

        await server.StopAsync();
        Assert.Equal(["Server is shutting down"], await amy.ReadUntilClosedAsync());
        Assert.Equal(["Server is shutting down"], await silent.ReadUntilClosedAsync());
    }
}
