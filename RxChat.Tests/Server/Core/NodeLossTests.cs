using RxChat.Server.Core;
using RxChat.Server.Log;

namespace RxChat.Tests.Server.Core;

/// <summary>
/// Liveness in the fold: a node not heard from for <see cref="ChatRules.NodeTimeout"/> of log
/// time is lost, and its users leave as for any disconnect. Time is the entries' time only;
/// a gap where nobody could append (the log was down) counts as at most
/// <see cref="ChatRules.LongestGap"/>.
/// </summary>
public sealed class NodeLossTests
{
    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);

    /// <summary>amy (n1) and cy (n1) and bo (n2) in main, amy leading; n1 then falls silent.</summary>
    private static ChatDriver TwoNodes()
    {
        var chat = new ChatDriver()
            .Connect("amy", node: "n1").Connect("bo", node: "n2").Connect("cy", node: "n1")
            .Join("amy", "main").Join("bo", "main").Join("cy", "side");
        return chat;
    }

    /// <summary>n2 heartbeats every 2 s, <paramref name="seconds"/> long, starting 2 s from now.</summary>
    private static ChatDriver HeartbeatsOfN2(ChatDriver chat, int seconds)
    {
        for (int s = 2; s <= seconds; s += 2)
        {
            chat.Clock = ChatDriver.Noon + s * Second;
            chat.FromNode("n2", NodeHeartbeat.Instance);
        }
        return chat;
    }

    [Fact]
    public void A_node_silent_for_the_timeout_is_lost_and_everyone_left_hears_its_users_left()
    {
        var chat = HeartbeatsOfN2(TwoNodes(), 8);
        Assert.Empty(chat.Events); // 8 s of silence: n1 is not lost yet

        chat.Clock = ChatDriver.Noon + 10 * Second;
        chat.FromNode("n2", NodeHeartbeat.Instance);

        Assert.Equal(
        [
            ("amy", "This server was cut off from the chat: please reconnect and log in again"),
            ("cy", "This server was cut off from the chat: please reconnect and log in again"),
            ("bo", "[12:35:06] amy left the room main"),
            ("bo", "[12:35:06] cy left the room side"),
            ("bo", "[12:35:06] bo is now the leader of main"),
        ], chat.Told);
        Assert.Equal(["amy", "cy"], chat.HungUp);
        Assert.Equal([chat.Id("bo")], chat.State.Clients.Keys);
        Assert.False(chat.State.Usernames.ContainsKey("amy"));
        Assert.Equal(["n2"], chat.State.Liveness.HeardAt.Keys);
        Assert.Equal(new NodeLost(new Stamp(chat.State.Position, chat.Clock), "n1"), chat.Events[0]);
    }

    [Fact]
    public void Every_entry_from_a_node_counts_as_hearing_from_it_not_only_heartbeats()
    {
        var chat = TwoNodes();
        for (int s = 2; s <= 30; s += 2)
        {
            chat.Clock = ChatDriver.Noon + s * Second;
            chat.FromNode("n2", NodeHeartbeat.Instance);
            Assert.Empty(chat.Events);
            if (s % 8 == 0) chat.Send("cy", ListUsers.Instance); // n1 speaks only through cy, every 8 s
        }
        Assert.Equal(3, chat.State.Clients.Count);
    }

    [Fact]
    public void The_node_an_entry_comes_from_is_never_lost_by_it_however_long_it_was_silent()
    {
        var chat = TwoNodes();
        chat.Clock = ChatDriver.Noon + TimeSpan.FromMinutes(5);
        chat.Say("bo", "anyone?");
        Assert.DoesNotContain(chat.Events, e => e is NodeLost { Node: "n2" });
    }

    [Fact]
    public void A_log_outage_counts_as_one_short_gap_so_the_first_entry_after_it_loses_nobody()
    {
        var chat = HeartbeatsOfN2(TwoNodes(), 6);
        chat.Clock = ChatDriver.Noon + 5 * Second;
        chat.FromNode("n1", NodeHeartbeat.Instance); // both alive: n1 heard at 5 s, n2 at 6 s

        chat.Clock = ChatDriver.Noon + 36 * Second; // the log was down for 30 s: nobody could append
        chat.FromNode("n2", NodeHeartbeat.Instance);
        Assert.Empty(chat.Events); // n1's silence: 1 s, plus the outage counted as 4 s

        chat.Clock = ChatDriver.Noon + 37 * Second;
        chat.Say("cy", "we're back"); // and n1 is heard again
        Assert.DoesNotContain(chat.Events, e => e is NodeLost);
        Assert.Equal(3, chat.State.Clients.Count);
    }

    [Fact]
    public void A_node_that_died_before_an_outage_is_still_lost_once_the_live_nodes_heartbeat_again()
    {
        var chat = HeartbeatsOfN2(TwoNodes(), 6); // n1 silent since 0 s: 6 s of log time
        chat.Clock = ChatDriver.Noon + 40 * Second; // outage: counts 4 s, n1 now 10 s silent
        chat.FromNode("n2", NodeHeartbeat.Instance);

        Assert.Equal(new NodeLost(new Stamp(chat.State.Position, chat.Clock), "n1"), chat.Events[0]);
    }

    [Fact]
    public void One_gap_counts_at_most_two_heartbeats_so_silence_is_measured_by_the_live_nodes_entries()
    {
        var chat = TwoNodes();
        chat.Clock = ChatDriver.Noon + TimeSpan.FromHours(1);
        chat.FromNode("n2", NodeHeartbeat.Instance);
        Assert.Empty(chat.Events);
        Assert.Equal(ChatRules.Default.LongestGap, chat.State.Liveness.LogTime);
    }

    [Fact]
    public void Log_time_never_runs_backwards_when_a_node_stamps_an_earlier_time()
    {
        var chat = HeartbeatsOfN2(TwoNodes(), 8);
        var before = chat.State.Liveness.LogTime;
        chat.Clock = ChatDriver.Noon + 3 * Second; // n1's clock is behind
        chat.Say("amy", "hi");
        Assert.Equal(before, chat.State.Liveness.LogTime);
        Assert.Equal(ChatDriver.Noon + 8 * Second, chat.State.Liveness.LatestEntry);
    }

    [Fact]
    public void A_node_that_said_goodbye_is_not_expected_and_never_declared_lost()
    {
        var chat = TwoNodes().FromNode("n1", NodeStopping.Instance);
        Assert.DoesNotContain("n1", chat.State.Liveness.HeardAt.Keys);

        HeartbeatsOfN2(chat, 30);
        Assert.DoesNotContain(chat.Events, e => e is NodeLost);
    }

    [Fact]
    public void A_lost_node_heard_again_is_a_node_like_any_other_and_its_new_users_stay()
    {
        var chat = HeartbeatsOfN2(TwoNodes(), 10); // n1 lost at 10 s
        chat.Clock = ChatDriver.Noon + 11 * Second;
        chat.FromNode("n1", NodeHeartbeat.Instance); // it was only cut off: it is back
        Assert.Empty(chat.Events); // its old users are already gone; nothing to say
        chat.Connect("amy", node: "n1").Join("amy", "main");

        Assert.Equal([("amy", "You joined room main"), ("bo", "[12:35:07] amy joined the room")], chat.Told);
        Assert.Contains("n1", chat.State.Liveness.HeardAt.Keys);
    }

    [Fact]
    public void The_loss_comes_before_the_command_of_the_entry_that_reveals_it()
    {
        var chat = HeartbeatsOfN2(TwoNodes(), 8);
        chat.Clock = ChatDriver.Noon + 10 * Second;
        chat.Send("bo", ListUsers.Instance);
        Assert.Equal("Users: bo", chat.LinesTo("bo").Last());
    }

    [Fact]
    public void Several_lost_nodes_go_in_name_order_each_told_to_its_own_clients()
    {
        var chat = new ChatDriver()
            .Connect("z", node: "nz").Connect("a", node: "na").Connect("m", node: "nm")
            .Join("z", "main").Join("a", "main").Join("m", "main");
        for (int s = 2; s <= 10; s += 2)
        {
            chat.Clock = ChatDriver.Noon + s * Second;
            chat.FromNode("nm", NodeHeartbeat.Instance);
        }

        Assert.Equal(["na", "nz"], chat.Events.OfType<NodeLost>().Select(l => l.Node));
        Assert.Equal(["a", "z"], chat.HungUp);
        Assert.Equal(["[12:35:06] a left the room main", "[12:35:06] z left the room main"], chat.LinesTo("m").Take(2));
    }

    [Fact]
    public void The_timeout_is_a_rule_of_the_fold()
    {
        var chat = new ChatDriver(ChatRules.Default with { NodeTimeout = TimeSpan.FromSeconds(30) })
            .Connect("amy", node: "n1").Connect("bo", node: "n2");
        HeartbeatsOfN2(chat, 28);
        Assert.Equal(2, chat.State.Clients.Count);
        chat.Clock = ChatDriver.Noon + 30 * Second;
        chat.FromNode("n2", NodeHeartbeat.Instance);
        Assert.Equal([chat.Id("bo")], chat.State.Clients.Keys);
    }

    [Fact]
    public void Liveness_survives_a_snapshot_so_a_replay_from_it_loses_the_same_node_at_the_same_entry()
    {
        var chat = HeartbeatsOfN2(TwoNodes(), 6);
        var snapshot = LogJson.DeserializeSnapshot(LogJson.Serialize(ChatSnapshot.Of(chat.State)));
        var restored = snapshot.ToState(ChatRules.Default);
        Assert.Equal(chat.State.Liveness.LogTime, restored.Liveness.LogTime);
        Assert.Equal(chat.State.Liveness.LatestEntry, restored.Liveness.LatestEntry);
        Assert.Equal(chat.State.Liveness.HeardAt.OrderBy(n => n.Key), restored.Liveness.HeardAt.OrderBy(n => n.Key));
        Assert.Equal(chat.State.Fingerprint(), restored.Fingerprint());

        var next = new LogEntry(chat.State.Position + 1, ChatDriver.Noon + 10 * Second, ConnectionId.NodeItself("n2"), NodeHeartbeat.Instance);
        var (fromLive, liveEvents) = Chat.Step(chat.State, next);
        var (fromSnapshot, snapshotEvents) = Chat.Step(restored, next);
        Assert.Contains(liveEvents, e => e is NodeLost { Node: "n1" });
        Assert.Equal(liveEvents, snapshotEvents);
        Assert.Equal(fromLive.Fingerprint(), fromSnapshot.Fingerprint());
    }

    [Fact]
    public void Entries_of_one_run_after_the_first_leave_liveness_as_it_is()
    {
        var heard = Liveness.None.Heard("n1", ChatDriver.Noon, ChatRules.Default.LongestGap);
        Assert.Same(heard, heard.Heard("n1", ChatDriver.Noon, ChatRules.Default.LongestGap));
        Assert.NotSame(heard, heard.Heard("n2", ChatDriver.Noon, ChatRules.Default.LongestGap));
        Assert.NotSame(heard, heard.Heard("n1", ChatDriver.Noon + Second, ChatRules.Default.LongestGap));
    }

    [Fact]
    public void A_snapshot_from_before_node_loss_reads_as_no_node_heard_yet()
    {
        var old = LogJson.DeserializeSnapshot("""{"format":1,"position":7,"clients":[],"histories":[]}"""u8);
        Assert.Same(Liveness.None, old.ToState(ChatRules.Default).Liveness);
    }
}
