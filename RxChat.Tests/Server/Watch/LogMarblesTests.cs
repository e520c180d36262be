using RxChat.Server.Core;
using RxChat.Server.Pipeline;
using RxChat.Server.Watch;
using RxChat.Tests.Server.Core;

namespace RxChat.Tests.Server.Watch;

/// <summary>What the /log page is sent of an entry: its lanes, its kinds, and no more than its recipients could see.</summary>
public sealed class LogMarblesTests
{
    private static LogMarble Next(ChatDriver chat, ConnectionId from, Command command)
    {
        var entry = new LogEntry(chat.State.Position + 1, ChatDriver.Noon, from, command);
        return LogMarbles.Of(new Folded(entry, chat.State, Chat.Step(chat.State, entry)));
    }

    [Fact]
    public void A_leaders_quit_draws_the_leave_on_its_lane_and_the_new_leader_on_the_next_members()
    {
        var chat = new ChatDriver().Connect("bob").Connect("carl").Join("bob", "main").Join("carl", "main");

        var marble = Next(chat, chat.Id("bob"), Quit.Instance);

        Assert.Equal("quit", marble.Command);
        Assert.Equal("local#1", marble.Lane);
        Assert.Equal(
            [("left-room", "local#1", "bob", "main"), ("leader-changed", "local#2", "carl", "main"), ("client-gone", "local#1", "bob", null)],
            marble.Events.Select(e => (e.Kind, e.Lane, e.User, e.Room)).ToArray());
    }

    [Fact]
    public void A_room_line_carries_its_text_and_an_answer_only_its_kind()
    {
        var chat = new ChatDriver().Connect("bob").Join("bob", "main");

        var said = Assert.Single(Next(chat, chat.Id("bob"), new Say("hello <there>")).Events);
        var answered = Assert.Single(Next(chat, chat.Id("bob"), ListUsers.Instance).Events);

        Assert.Equal(("said", "hello <there>"), (said.Kind, said.Text));
        Assert.Equal(("answered", "bob", null), (answered.Kind, answered.User, answered.Text));
    }

    [Fact]
    public void An_entry_that_only_moves_the_log_on_has_no_events_and_the_nodes_lane()
    {
        var chat = new ChatDriver();

        var marble = Next(chat, ConnectionId.NodeItself("n1"), NodeStarted.Instance);

        Assert.Equal(("n1", "n1#0", "node-started"), (marble.Node, marble.Lane, marble.Command));
        Assert.Empty(marble.Events);
    }

    [Fact]
    public void The_first_picture_holds_each_rooms_leader_and_members_and_each_users_lane()
    {
        var chat = new ChatDriver().Connect("bob").Connect("carl").Connect("dan").Join("carl", "main").Join("bob", "main").Join("dan", "side");

        var picture = LogPicture.Of("n1", chat.State);

        Assert.Equal(chat.State.Position, picture.Position);
        Assert.Equal([("main", "bob", "bob, carl"), ("side", "dan", "dan")],
            picture.Rooms.Select(r => (r.Name, r.Leader, string.Join(", ", r.Members))).ToArray());
        Assert.Equal([("local#1", "bob", "main"), ("local#2", "carl", "main"), ("local#3", "dan", "side")],
            picture.Lanes.Select(l => (l.Lane, l.User, l.Room)).ToArray());
    }

    [Theory]
    [InlineData("LeaderChanged", "leader-changed")]
    [InlineData("Said", "said")]
    [InlineData("NodeShuttingDown", "node-shutting-down")]
    public void Kinds_are_type_names_as_css_reads_them(string type, string kind) => Assert.Equal(kind, LogMarbles.Kebab(type));
}
