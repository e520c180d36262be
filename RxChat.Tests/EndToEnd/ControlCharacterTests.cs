using RxChat.Protocol;
using RxChat.Server.Core;
using RxChat.Tests.Support;
using static RxChat.Tests.Support.Peers;

namespace RxChat.Tests.EndToEnd;

/// <summary>Escape sequences, bells, backspaces and NULs are never relayed to anyone's terminal.</summary>
public sealed class ControlCharacterTests
{
    [Fact]
    public async Task Control_characters_in_chat_are_stripped_before_anyone_sees_them()
    {
        await using var server = await RunningServer.StartAsync();
        await using var alice = await InRoomAsync(server.Port, "alice", "lobby");
        await using var mallory = await InRoomAsync(server.Port, "mallory", "lobby", alice);

        await mallory.SendLineAsync("\u001b[31mred\u001b[0m and \u001b]0;pwned\u0007title");
        await mallory.SendLineAsync("bell\u0007 back\u0008space nul\u0000 del\u007f c1\u009b2J\ttab");
        await mallory.SendLineAsync("\u001b[2J\u001b[H\u0007");  // nothing left to say: not relayed at all
        await mallory.SendLineAsync("plain");

        var seen = await alice.ReadLinesAsync(3);
        Assert.Equal(["mallory: red and title", "mallory: bell backspace nul del c1 tab", "mallory: plain"], seen.Select(Unstamped));
        Assert.DoesNotContain(seen, ControlCharacters.Any);
        await alice.ExpectNothingMoreAsync();
        await mallory.ExpectNothingMoreAsync();
    }

    [Fact]
    public async Task A_username_with_control_characters_is_refused_in_one_line_and_closed()
    {
        await using var server = await RunningServer.StartAsync();
        await using var alice = await InRoomAsync(server.Port, "alice", "lobby");
        await using var mallory = await LineClient.ConnectAsync(server.Port);

        await mallory.SendLineAsync("\u001b[31mroot\u001b[0m");
        Assert.Equal(["Username must not contain control characters"], await mallory.ReadUntilClosedAsync());

        await alice.SendLineAsync("/users");
        Assert.Equal("Users: alice", await alice.ReadLineAsync());
        await alice.ExpectNothingMoreAsync();
    }

    [Fact]
    public async Task A_room_name_with_control_characters_is_refused_and_the_sender_stays_put()
    {
        await using var server = await RunningServer.StartAsync();
        await using var alice = await InRoomAsync(server.Port, "alice", "lobby");
        await using var mallory = await InRoomAsync(server.Port, "mallory", "lobby", alice);

        await mallory.SendLineAsync("/join \u0007ring\u0007");
        Assert.Equal("Room name must not contain control characters", await mallory.ReadLineAsync());
        await mallory.SendLineAsync("/room");
        Assert.Equal("You are in room lobby", await mallory.ReadLineAsync());
        await mallory.SendLineAsync("still here");
        AssertStamped("mallory: still here", await alice.ReadLineAsync());
        await alice.ExpectNothingMoreAsync();
    }
}
