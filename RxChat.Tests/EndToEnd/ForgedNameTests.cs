using RxChat.Tests.Support;
using static RxChat.Tests.Support.Peers;

namespace RxChat.Tests.EndToEnd;

/// <summary>A username that would make a server line say something else is refused (PROTOCOL.md Part 2).</summary>
public sealed class ForgedNameTests
{
    [Theory]
    [InlineData("bob: I am the real bob")]
    [InlineData("bob:")]
    [InlineData("alice, bob")]
    public async Task A_name_that_could_forge_a_line_is_refused_and_the_room_hears_nothing(string name)
    {
        await using var server = await RunningServer.StartAsync();
        await using var alice = await InRoomAsync(server.Port, "alice", "main");
        await using var forger = await LineClient.ConnectAsync(server.Port);

        await forger.SendLineAsync($"{name}\n/join main");
        Assert.Equal(["Username must not contain spaces or ':'"], await forger.ReadUntilClosedAsync());
        await alice.ExpectNothingMoreAsync();
        await alice.SendLineAsync("/users");
        Assert.Equal("Users: alice", await alice.ReadLineAsync());
    }
}
