using RxChat.Server.Core;

namespace RxChat.Tests.Server.Core;

/// <summary>The leader of a room is its earliest-connected member, re-evaluated on every change.</summary>
public sealed class LeaderTests
{
    private static string LeaderOf(ChatDriver chat, string room) => chat.State.LeaderOf(chat.State.Rooms[room]);

    [Fact]
    public void The_leader_leaving_hands_over_to_the_next_earliest_member()
    {
        var chat = new ChatDriver()
            .Connect("alice").Connect("bob").Connect("carol")
            .Join("carol", "main").Join("bob", "main").Join("alice", "main");
        Assert.Equal("alice", LeaderOf(chat, "main"));
        chat.Send("alice", new Disconnected("reset"));
        Assert.Equal("bob", LeaderOf(chat, "main"));
        chat.Join("bob", "other");
        Assert.Equal("carol", LeaderOf(chat, "main"));
        Assert.Equal("bob", LeaderOf(chat, "other"));
    }

    [Fact]
    public void An_earlier_connected_user_becomes_leader_the_moment_they_join()
    {
        var chat = new ChatDriver().Connect("early").Connect("late").Join("late", "main");
        Assert.Equal("late", LeaderOf(chat, "main"));
        chat.Join("early", "main");
        Assert.Equal("early", LeaderOf(chat, "main"));
    }

    [Fact]
    public void The_last_member_leaving_removes_the_room_and_its_leader()
    {
        var chat = new ChatDriver().Connect("amy").Join("amy", "main").Connect("bo");
        chat.Join("amy", "elsewhere");
        Assert.False(chat.State.Rooms.ContainsKey("main"));
        chat.Join("bo", "main");
        Assert.Equal("bo", LeaderOf(chat, "main"));
        Assert.Equal(new[] { chat.Id("bo") }, chat.State.Rooms["main"].Members.Select(m => m.Id).ToArray());
    }

    [Fact]
    public void Leadership_follows_accept_order_even_when_clock_readings_are_equal()
    {
        var chat = new ChatDriver(); // every command carries the same clock reading
        chat.Connect("first").Connect("second").Join("second", "r").Join("first", "r");
        Assert.Equal("first", LeaderOf(chat, "r"));
    }
}
