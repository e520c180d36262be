using RxChat.Tests.Support;
using static RxChat.Tests.Support.Peers;

namespace RxChat.Tests.EndToEnd;

/// <summary>Beyond the maximum, a new connection hears "Server is full" and is closed; those inside notice nothing.</summary>
public sealed class MaxConnectionsTests
{
    [Fact]
    public async Task One_connection_too_many_is_told_the_server_is_full_and_closed()
    {
        await using var server = await RunningServer.StartAsync(o => o.Limits.MaxConnections = 3);
        await using var alice = await InRoomAsync(server.Port, "alice", "lobby");
        await using var bob = await InRoomAsync(server.Port, "bob", "lobby", alice);
        await using var carol = await LineClient.LogInAsync(server.Port, "carol");

        await using var dave = await LineClient.ConnectAsync(server.Port);
        Assert.Equal(["Server is full"], await dave.ReadUntilClosedAsync());
        await using var erin = await LineClient.ConnectAsync(server.Port);
        await erin.SendLineAsync("erin"); // typing ahead does not cost the reply
        Assert.Equal(["Server is full"], await erin.ReadUntilClosedAsync());

        await bob.SendLineAsync("still just us");
        AssertStamped("bob: still just us", await alice.ReadLineAsync());
        await carol.SendLineAsync("/users");
        Assert.Equal("Users: alice, bob, carol", await carol.ReadLineAsync());
        await alice.ExpectNothingMoreAsync();
        Assert.Equal(3, server.Pipeline.State.Clients.Count);
    }
}
