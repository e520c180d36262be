using RxChat.Server.Core;

namespace RxChat.Tests.Server.Core;

/// <summary>PROTOCOL.md Part 1, row by row: exact lines, exact recipients.</summary>
public sealed class CommandRepliesTests
{
    private static ChatDriver AliceAndBobInMain() =>
        new ChatDriver().Connect("alice").Join("alice", "main").Connect("bob").Join("bob", "main");

    [Fact]
    public void Login_welcomes_only_the_new_user()
    {
        var chat = new ChatDriver().Connect("alice").Connect("bob");
        Assert.Equal([("bob", "Welcome to the chat server!")], chat.Told);
    }

    [Fact]
    public void Users_lists_every_connected_user_in_connection_order()
    {
        var chat = new ChatDriver().Connect("zed").Connect("amy").Connect("bo").Join("amy", "x");
        chat.Send("bo", ListUsers.Instance);
        Assert.Equal([("bo", "Users: zed, amy, bo")], chat.Told);
    }

    [Fact]
    public void Users_does_not_list_connections_that_have_not_logged_in()
    {
        var chat = new ChatDriver().Connect("amy");
        chat.Send("amy", ListUsers.Instance);
        Assert.Equal([("amy", "Users: amy")], chat.Told);
    }

    [Fact]
    public void Room_tells_the_room_or_that_there_is_none()
    {
        var chat = new ChatDriver().Connect("amy");
        chat.Send("amy", WhichRoom.Instance);
        Assert.Equal([("amy", "You are not in any room")], chat.Told);
        chat.Join("amy", "main").Send("amy", WhichRoom.Instance);
        Assert.Equal([("amy", "You are in room main")], chat.Told);
    }

    [Fact]
    public void Join_without_a_room_shows_usage()
    {
        var chat = new ChatDriver().Connect("amy").Send("amy", new Misused(CommandName.Join));
        Assert.Equal([("amy", "Usage: /join <room>")], chat.Told);
    }

    [Fact]
    public void Join_creates_the_room_and_tells_only_the_joiner_when_alone()
    {
        var chat = new ChatDriver().Connect("amy").Connect("bo").Join("amy", "main");
        Assert.Equal([("amy", "You joined room main")], chat.Told);
        Assert.True(chat.State.Rooms.ContainsKey("main"));
    }

    [Fact]
    public void Join_tells_the_other_members_with_a_timestamp()
    {
        var chat = new ChatDriver().Connect("alice").Join("alice", "main").Connect("carol").Connect("bob");
        chat.Join("bob", "main");
        Assert.Equal([("bob", "You joined room main"), ("alice", "[12:34:56] bob joined the room")], chat.Told);
    }

    [Fact]
    public void Switching_rooms_tells_every_other_user_then_the_joiner_then_the_new_room()
    {
        var chat = new ChatDriver()
            .Connect("alice").Join("alice", "main")
            .Connect("bob").Join("bob", "main")
            .Connect("carol").Join("carol", "side")
            .Connect("dave");
        chat.Join("alice", "side");
        Assert.Equal(
        [
            ("bob", "[12:34:56] alice left the room main"),
            ("carol", "[12:34:56] alice left the room main"),
            ("dave", "[12:34:56] alice left the room main"),
            ("bob", "[12:34:56] bob is now the leader of main"),
            ("alice", "You joined room side"),
            ("carol", "[12:34:56] alice joined the room"),
            ("alice", "[12:34:56] alice is now the leader of side"), // she connected before carol
            ("carol", "[12:34:56] alice is now the leader of side"),
        ], chat.Told);
    }

    [Fact]
    public void Room_names_may_contain_spaces_and_are_case_sensitive()
    {
        var chat = new ChatDriver().Connect("amy").Join("amy", "the lounge").Connect("bo").Join("bo", "The Lounge");
        Assert.Equal(["the lounge", "The Lounge"], chat.State.Rooms.Keys.Order(StringComparer.Ordinal).Reverse());
    }

    [Fact]
    public void Leader_names_the_earliest_connected_member()
    {
        var chat = AliceAndBobInMain().Send("bob", WhoLeads.Instance);
        Assert.Equal([("bob", "Leader of room main: alice")], chat.Told);
    }

    [Fact]
    public void Leader_outside_a_room_says_there_is_none()
    {
        var chat = new ChatDriver().Connect("amy").Send("amy", WhoLeads.Instance);
        Assert.Equal([("amy", "No leader (join a room first)")], chat.Told);
    }

    [Fact]
    public void Unknown_commands_are_answered_as_such()
    {
        var chat = new ChatDriver().Connect("amy").Send("amy", new UnknownCommand("/dance"));
        Assert.Equal([("amy", "Unknown command")], chat.Told);
    }

    [Fact]
    public void Chat_goes_to_every_other_member_and_is_not_echoed()
    {
        var chat = AliceAndBobInMain().Connect("carol").Join("carol", "main").Connect("dave").Join("dave", "elsewhere");
        chat.Send("bob", new Say("Hello everyone!"));
        Assert.Equal(
        [
            ("alice", "[12:34:56] bob: Hello everyone!"),
            ("carol", "[12:34:56] bob: Hello everyone!"),
        ], chat.Told);
    }

    [Fact]
    public void Chat_outside_a_room_asks_to_join_first()
    {
        var chat = new ChatDriver().Connect("amy").Send("amy", new Say("hi"));
        Assert.Equal([("amy", "Join a room first using /join <room>")], chat.Told);
    }

    [Fact]
    public void Chat_alone_in_a_room_reaches_nobody()
    {
        var chat = new ChatDriver().Connect("amy").Join("amy", "main").Send("amy", new Say("echo?"));
        Assert.Empty(chat.Told);
    }

    [Fact]
    public void Disconnecting_tells_every_other_user_in_any_room()
    {
        var chat = AliceAndBobInMain().Connect("carol").Join("carol", "side").Connect("dave");
        chat.Send("alice", new Disconnected("closed"));
        Assert.Equal(
        [
            ("bob", "[12:34:56] alice left the room main"),
            ("carol", "[12:34:56] alice left the room main"),
            ("dave", "[12:34:56] alice left the room main"),
            ("bob", "[12:34:56] bob is now the leader of main"), // PROTOCOL.md Part 3: the room goes on, under bob
        ], chat.Told);
        Assert.Equal(["alice"], chat.HungUp); // forgotten: its socket (already gone) is closed on this side too
    }

    [Fact]
    public void Disconnecting_outside_a_room_tells_nobody()
    {
        var chat = new ChatDriver().Connect("amy").Connect("bo").Send("amy", new Disconnected("closed"));
        Assert.Empty(chat.Told);
        Assert.DoesNotContain(chat.Id("amy"), chat.State.Clients.Keys);
    }

    [Fact]
    public void Timestamps_are_the_clock_of_the_command_as_24_hour_time()
    {
        var chat = AliceAndBobInMain();
        chat.Clock = new DateTimeOffset(2026, 11, 23, 23, 59, 59, TimeSpan.Zero);
        chat.Send("bob", new Say("late"));
        Assert.Equal([("alice", "[23:59:59] bob: late")], chat.Told);
        chat.Clock = chat.Clock.AddSeconds(1);
        chat.Send("bob", new Say("early"));
        Assert.Equal([("alice", "[00:00:00] bob: early")], chat.Told);
    }

    [Fact]
    public void A_node_stopping_tells_its_connections_and_hangs_up_on_all_of_them()
    {
        var chat = AliceAndBobInMain();
        chat.FromNode("local", NodeStopping.Instance);
        Assert.Equal([("alice", "Server is shutting down"), ("bob", "Server is shutting down")], chat.Told);
        Assert.Equal(["alice", "bob"], chat.HungUp);
        Assert.Empty(chat.State.Clients);
    }
}
