using System.Text.RegularExpressions;
using RxChat.Tests.Support;

namespace RxChat.Tests.EndToEnd;

/// <summary>PROTOCOL.md's example session, over real loopback sockets against the real server.</summary>
public sealed class ExampleSessionTests
{
    private static void AssertStamped(string expectedAfterTimestamp, string actual) =>
        Assert.Matches("^\\[\\d\\d:\\d\\d:\\d\\d\\] " + Regex.Escape(expectedAfterTimestamp) + "$", actual);

    /// <summary>With the unsolicited extras of Part 3 turned off, a Part 1 client sees exactly Part 1.</summary>
    [Fact]
    public async Task The_protocol_example_plays_out_byte_for_byte()
    {
        await using var server = await RunningServer.StartAsync(o =>
        {
            o.AnnounceLeaders = false;
            o.History.OnJoin = 0;
        });
        await using var alice = await LineClient.LogInAsync(server.Port, "alice");
        await alice.SendLineAsync("/join main");
        Assert.Equal("You joined room main", await alice.ReadLineAsync());

        await using var bob = await LineClient.LogInAsync(server.Port, "bob");
        await bob.SendLineAsync("/join main");
        Assert.Equal("You joined room main", await bob.ReadLineAsync());
        AssertStamped("bob joined the room", await alice.ReadLineAsync());

        await bob.SendLineAsync("Hello everyone!");
        AssertStamped("bob: Hello everyone!", await alice.ReadLineAsync());

        await alice.SendLineAsync("/leader");
        Assert.Equal("Leader of room main: alice", await alice.ReadLineAsync());

        alice.Abort();
        AssertStamped("alice left the room main", await bob.ReadLineAsync());
        await bob.SendLineAsync("/leader");
        Assert.Equal("Leader of room main: bob", await bob.ReadLineAsync());
        await bob.ExpectNothingMoreAsync(); // in particular: no echo of bob's own message
    }

    /// <summary>With the defaults, Part 3's extra lines come where PROTOCOL.md puts them, and nothing else changes.</summary>
    [Fact]
    public async Task With_the_defaults_the_example_gains_history_on_join_and_a_leader_announcement()
    {
        await using var server = await RunningServer.StartAsync();
        await using var alice = await LineClient.LogInAsync(server.Port, "alice");
        await alice.SendLineAsync("/join main");
        Assert.Equal("You joined room main", await alice.ReadLineAsync());
        await alice.SendLineAsync("is anyone here?");

        await using var bob = await LineClient.LogInAsync(server.Port, "bob");
        await bob.SendLineAsync("/join main");
        Assert.Equal("You joined room main", await bob.ReadLineAsync());
        Assert.Equal("--- 1 earlier message in main ---", await bob.ReadLineAsync());
        AssertStamped("alice: is anyone here?", await bob.ReadLineAsync());
        Assert.Equal("--- end of history ---", await bob.ReadLineAsync());
        AssertStamped("bob joined the room", await alice.ReadLineAsync());

        alice.Abort();
        AssertStamped("alice left the room main", await bob.ReadLineAsync());
        AssertStamped("bob is now the leader of main", await bob.ReadLineAsync());
        await bob.ExpectNothingMoreAsync();
    }

    [Fact]
    public async Task Every_reply_of_part_one_is_exact()
    {
        await using var server = await RunningServer.StartAsync();
        await using var carol = await LineClient.LogInAsync(server.Port, "carol");
        await using var dave = await LineClient.LogInAsync(server.Port, "dave");

        await carol.SendLineAsync("/users");
        Assert.Equal("Users: carol, dave", await carol.ReadLineAsync());
        await carol.SendLineAsync("/room");
        Assert.Equal("You are not in any room", await carol.ReadLineAsync());
        await carol.SendLineAsync("/leader");
        Assert.Equal("No leader (join a room first)", await carol.ReadLineAsync());
        await carol.SendLineAsync("hello?");
        Assert.Equal("Join a room first using /join <room>", await carol.ReadLineAsync());
        await carol.SendLineAsync("/join");
        Assert.Equal("Usage: /join <room>", await carol.ReadLineAsync());
        await carol.SendLineAsync("/USERS");
        Assert.Equal("Unknown command", await carol.ReadLineAsync());
        await carol.SendLineAsync("/join  the lounge  ");
        Assert.Equal("You joined room the lounge", await carol.ReadLineAsync());
        await carol.SendLineAsync("/room");
        Assert.Equal("You are in room the lounge", await carol.ReadLineAsync());
        await dave.ExpectNothingMoreAsync();
    }
}
