using RxChat.Server.Core;

namespace RxChat.Tests.Server.Core;

/// <summary>PROTOCOL.md Part 2: where RxChat deliberately differs from the original, in the core.</summary>
public sealed class DeviationTests
{
    [Fact]
    public void Joining_the_room_you_are_in_announces_nothing()
    {
        var chat = new ChatDriver().Connect("amy").Join("amy", "main").Connect("bo").Join("bo", "main");
        var before = chat.State;
        chat.Join("amy", "main");
        Assert.Equal([("amy", "You are already in room main")], chat.Told);
        Assert.Same(before.Clients, chat.State.Clients);
        Assert.Same(before.Rooms, chat.State.Rooms);
    }

    [Theory]
    [InlineData("bob")]
    [InlineData("BOB")]
    [InlineData("Bob")]
    public void A_username_in_use_is_refused_case_insensitively_and_the_connection_closed(string wanted)
    {
        var chat = new ChatDriver().Connect("bob").Connect("imposter", wanted);
        Assert.Equal([("imposter", $"Username \"{wanted}\" is already in use")], chat.Told);
        Assert.Equal(["imposter"], chat.HungUp);
        Assert.DoesNotContain(chat.Id("imposter"), chat.State.Clients.Keys);
    }

    [Theory]
    [InlineData("", "Username must not be empty")]
    [InlineData("a\u001B[31mb", "Username must not contain control characters")]
    [InlineData("bell\u0007", "Username must not contain control characters")]
    [InlineData("abcdefghijabcdefghijabcdefghijabc", "Username too long (max 32 characters)")]
    public void An_invalid_username_is_refused_with_one_clear_line(string wanted, string reply)
    {
        var chat = new ChatDriver().Connect("x", wanted);
        Assert.Equal([("x", reply)], chat.Told);
        Assert.Equal(["x"], chat.HungUp);
        Assert.Empty(chat.State.Clients);
    }

    [Fact]
    public void A_freed_username_can_be_taken_again()
    {
        var chat = new ChatDriver().Connect("bob").Send("bob", new Disconnected("closed")).Connect("bob2", "bob");
        Assert.Equal([("bob2", "Welcome to the chat server!")], chat.Told);
    }

    [Fact]
    public void Quit_is_a_graceful_disconnect_that_hangs_up()
    {
        var chat = new ChatDriver().Connect("amy").Join("amy", "main").Connect("bo");
        chat.Send("amy", Quit.Instance);
        Assert.Equal([("bo", "[12:34:56] amy left the room main")], chat.Told);
        Assert.Equal(["amy"], chat.HungUp);
        Assert.False(chat.State.Rooms.ContainsKey("main"));
    }

    [Fact]
    public void Commands_after_a_quit_are_ignored()
    {
        var chat = new ChatDriver().Connect("amy").Connect("bo").Join("bo", "main");
        chat.Send("amy", Quit.Instance).Send("amy", new Say("ghost")).Send("amy", new Join("main"));
        Assert.Empty(chat.Told);
        chat.Send("amy", new Disconnected("closed by peer"));
        Assert.Empty(chat.Told);
    }

    [Fact]
    public void A_refused_line_is_explained_to_its_sender_only()
    {
        var chat = new ChatDriver().Connect("amy").Join("amy", "main").Connect("bo").Join("bo", "main");
        chat.Send("amy", new RefuseLine(new LineTooLong(4096)));
        Assert.Equal([("amy", "Line too long (max 4096 bytes)")], chat.Told);
    }

    [Fact]
    public void A_room_name_with_control_characters_is_refused()
    {
        var chat = new ChatDriver().Connect("amy");
        chat.Join("amy", "evil\u001B]0;pwned\u0007");
        Assert.Equal([("amy", "Room name must not contain control characters")], chat.Told);
        Assert.Empty(chat.State.Rooms);
    }
}
