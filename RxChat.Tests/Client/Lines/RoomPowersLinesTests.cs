using RxChat.Client.Input;
using RxChat.Client.Lines;
using RxChat.Client.Rendering;
using RxChat.Client.Session;
using static RxChat.Client.Lines.ServerLineClassifier;

namespace RxChat.Tests.Client.Lines;

/// <summary>How the console client reads and shows direct messages, actions, topics and removals, and answers with <c>/r</c>.</summary>
public sealed class RoomPowersLinesTests
{
    [Fact]
    public void A_direct_message_names_its_sender_and_recipient_and_stands_out_with_its_own_colour()
    {
        var line = Classify("[12:34:56] alice -> bob: psst: over here");
        Assert.Equal((LineKind.DirectMessage, "alice", "bob", "psst: over here"), (line.Kind, line.User, line.To, line.Message));
        var markup = LineRenderer.ToMarkup(line);
        Assert.Contains($"[{LineRenderer.DirectMarkerStyle}]", markup);
        Assert.Contains($"[{LineRenderer.DirectStyle}]", markup);
        Assert.DoesNotContain(LineRenderer.DirectStyle, LineRenderer.ToMarkup(Classify("[12:34:56] alice: psst")));
    }

    [Fact]
    public void An_action_reads_as_an_action_also_inside_a_history_frame()
    {
        var action = Classify("[12:34:56] * bob waves: hello");
        Assert.Equal((LineKind.Action, "bob", "waves: hello"), (action.Kind, action.User, action.Message));

        var reading = LineReading.Start;
        string[] lines = ["--- 2 earlier messages in main ---", "[12:00:00] * bob waves", "[12:00:01] bob: hi", "[12:00:02] eve: now"];
        var kinds = new List<LineKind>();
        foreach (var received in lines) { reading = LineReading.Next(reading, received); kinds.Add(reading.Line!.Kind); }
        Assert.Equal([LineKind.HistoryFrame, LineKind.Action, LineKind.History, LineKind.Chat], kinds);
    }

    [Fact]
    public void Topics_and_removals_are_their_own_kinds()
    {
        var topic = Classify("Topic of main: release: Friday");
        Assert.Equal((LineKind.Topic, "main", "release: Friday"), (topic.Kind, topic.Room, topic.Message));
        var set = Classify("[12:34:56] alice set the topic of main: release: Friday");
        Assert.Equal((LineKind.Topic, "alice", "main", "release: Friday"), (set.Kind, set.User, set.Room, set.Message));
        Assert.Equal(LineKind.Removed, Classify("You were removed from main by alice: spamming").Kind);
        Assert.Equal(LineKind.Error, Classify("You were removed from main: you may join it again in 42 s").Kind);
    }

    [Fact]
    public void Being_removed_leaves_the_client_in_no_room_and_with_nothing_to_rejoin()
    {
        var memory = RoomMemory.Nowhere.Sent("/join main").Received(Classify("You joined room main"));
        Assert.Equal("main", memory.Room);
        memory = memory.Received(Classify("You were removed from main by alice"));
        Assert.Null(memory.Room);
        Assert.Null(memory.Reconnected().Rejoin);
    }

    [Fact]
    public void Slash_r_answers_the_last_writer_and_says_why_not_otherwise()
    {
        Assert.True(UserCommands.IsAnswer("/r thanks"));
        Assert.False(UserCommands.IsAnswer("/rooms"));
        Assert.Equal("/msg alice thanks, got it", UserCommands.Answering("/r  thanks, got it", "alice"));
        Assert.Null(UserCommands.Answering("/r thanks", null));
        Assert.Null(UserCommands.Answering("/r", "alice"));
    }

    [Fact]
    public void The_names_of_a_direct_message_can_be_completed_afterwards()
    {
        var names = new KnownNames();
        names.Saw(Classify("[12:34:56] alice -> bob: hi"));
        Assert.Equal(["alice", "bob"], names.Current.Order());
    }
}
