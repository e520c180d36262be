using RxChat.Server.Core;

namespace RxChat.Tests.Server.Core;

/// <summary>PROTOCOL.md Part 4's <c>resume</c>, decided by the core: the room's kept lines after a position.</summary>
public sealed class ResumeTests
{
    private static MissedLines Missed(ChatDriver chat) =>
        Assert.IsType<MissedLines>(Assert.IsType<Answered>(Assert.Single(chat.Events)).Answer);

    [Fact]
    public void Resume_answers_the_lines_of_my_room_after_the_position_and_nothing_else()
    {
        var chat = new ChatDriver().Connect("amy").Connect("bo").Join("amy", "main").Join("bo", "main").Join("amy", "main");
        chat.Say("bo", "one");
        long seen = chat.State.Position;
        chat.Say("bo", "two").Say("amy", "three");
        chat.Join("bo", "side").Say("bo", "elsewhere");

        chat.Send("amy", new Resume(seen));
        var missed = Missed(chat);
        Assert.Equal("main", missed.Room);
        Assert.Equal(["two", "three"], missed.Lines.Select(s => s.Text));
        Assert.True(missed.Complete);
        Assert.All(missed.Lines, said => Assert.True(said.At.Position > seen));
    }

    [Fact]
    public void Resume_is_incomplete_when_the_kept_history_no_longer_reaches_back()
    {
        var chat = new ChatDriver(new ChatRules(HistoryPerRoom: 2)).Connect("amy").Join("amy", "main");
        chat.Say("amy", "one");
        long seen = chat.State.Position;
        chat.Say("amy", "two").Say("amy", "three").Say("amy", "four");

        chat.Send("amy", new Resume(seen));
        var missed = Missed(chat);
        Assert.Equal(["three", "four"], missed.Lines.Select(s => s.Text));
        Assert.False(missed.Complete);

        chat.Send("amy", new Resume(chat.State.Position - 2)); // after "three": "four" is still kept
        Assert.Equal(["four"], Missed(chat).Lines.Select(s => s.Text));
        Assert.True(Missed(chat).Complete);
    }

    [Fact]
    public void Resume_changes_nothing_and_outside_a_room_asks_to_join_one()
    {
        var chat = new ChatDriver().Connect("amy");
        var before = chat.State;
        chat.Send("amy", new Resume(0));
        Assert.Equal(JoinARoomFirst.Instance, Assert.IsType<Answered>(Assert.Single(chat.Events)).Answer);
        Assert.Equal(before.Rooms, chat.State.Rooms);
        Assert.Equal(before.Clients, chat.State.Clients);
    }
}
