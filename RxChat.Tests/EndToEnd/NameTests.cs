using RxChat.Tests.Support;
using static RxChat.Tests.Support.Peers;

namespace RxChat.Tests.EndToEnd;

/// <summary>Usernames and room names have limits; each refusal is one clear line (and a bad username ends the connection).</summary>
public sealed class NameTests
{
    [Fact]
    public async Task A_username_in_use_in_any_case_is_refused_and_the_owner_is_untouched()
    {
        await using var server = await RunningServer.StartAsync();
        await using var alice = await InRoomAsync(server.Port, "alice", "lobby");
        await using var bob = await InRoomAsync(server.Port, "bob", "lobby", alice);
        await using var impostor = await LineClient.ConnectAsync(server.Port);

        await impostor.SendLineAsync("ALICE");
        Assert.Equal(["Username \"ALICE\" is already in use"], await impostor.ReadUntilClosedAsync());

        await bob.SendLineAsync("/leader");
        Assert.Equal("Leader of room lobby: alice", await bob.ReadLineAsync());
        await bob.SendLineAsync("hi alice");
        AssertStamped("bob: hi alice", await alice.ReadLineAsync());
        await alice.SendLineAsync("/users");
        Assert.Equal("Users: alice, bob", await alice.ReadLineAsync());
    }

    [Fact]
    public async Task A_username_over_the_limit_is_refused_and_the_limit_is_configurable()
    {
        await using var server = await RunningServer.StartAsync(o => o.Limits.MaxUsernameLength = 5);
        await using var alice = await InRoomAsync(server.Port, "alice", "lobby");
        await using var bartholomew = await LineClient.ConnectAsync(server.Port);

        await bartholomew.SendLineAsync("bartholomew\n/join lobby\nhello");  // pipelined lines after a refusal are ignored
        Assert.Equal(["Username too long (max 5 characters)"], await bartholomew.ReadUntilClosedAsync());
        await alice.ExpectNothingMoreAsync();
    }

    [Fact]
    public async Task A_room_name_over_the_limit_is_refused_and_the_connection_goes_on()
    {
        await using var server = await RunningServer.StartAsync(o => o.Limits.MaxRoomNameLength = 8);
        await using var alice = await InRoomAsync(server.Port, "alice", "lobby");
        await using var bob = await InRoomAsync(server.Port, "bob", "lobby", alice);

        await bob.SendLineAsync("/join a-very-long-room");
        Assert.Equal("Room name too long (max 8 characters)", await bob.ReadLineAsync());
        await bob.SendLineAsync("/join 8 chars!");
        Assert.Equal("You joined room 8 chars!", await bob.ReadLineAsync());
        AssertStamped("bob left the room lobby", await alice.ReadLineAsync());
        await alice.ExpectNothingMoreAsync();
    }

    [Fact]
    public async Task Invisible_characters_cannot_make_two_names_look_alike()
    {
        await using var server = await RunningServer.StartAsync();
        await using var alice = await InRoomAsync(server.Port, "alice", "lobby");
        await using var twin = await LineClient.ConnectAsync(server.Port);

        await twin.SendLineAsync("alice\u200B"); // a zero-width space after "alice"
        Assert.Equal(["Username must not contain invisible characters"], await twin.ReadUntilClosedAsync());

        await using var bob = await InRoomAsync(server.Port, "bob", "lobby", alice);
        await bob.SendLineAsync("/join lobby\u202E"); // a right-to-left override: a second "lobby" to the eye
        Assert.Equal("Room name must not contain invisible characters", await bob.ReadLineAsync());
        await bob.SendLineAsync("family: \U0001F468\u200D\U0001F469\u200D\U0001F467"); // chat text keeps its joiners
        AssertStamped("bob: family: \U0001F468\u200D\U0001F469\u200D\U0001F467", await alice.ReadLineAsync());
        await alice.SendLineAsync("/users");
        Assert.Equal("Users: alice, bob", await alice.ReadLineAsync());
    }
}
