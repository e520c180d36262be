using System.Reactive.Linq;
using RxChat.Server.Core;
using RxChat.Server.Log;
using RxChat.Server.Pipeline;
using RxChat.Server.Transport;
using RxChat.Tests.Support;
using RxChat.Tests.Testing;

namespace RxChat.Tests.Server.Pipeline;

/// <summary>
/// Nodes sharing one log, through the production pipeline on virtual time: heartbeats,
/// node loss, a node cut off that finds itself declared lost, a node's return, and every
/// node computing the same state at the same position.
/// </summary>
public sealed class NodeLivenessPipelineTests
{
    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);

    private static List<(TimeSpan At, string From, string Command)> Entries(ICommandLog log)
    {
        var entries = new List<LogEntry>();
        using (log.EntriesOneByOne(0).Subscribe(entries.Add)) { }
        return [.. entries.Select(e => (e.Time - SharedLogNodes.Start, e.From.ToString(), e.Command.GetType().Name))];
    }

    /// <summary>Nodes n1 and n2 running; amy on n1 and bo on n2 in main (amy leads); what they were told so far forgotten.</summary>
    private static (FakeConnection Amy, FakeConnection Bo) AmyOnN1AndBoOnN2InMain(SharedLogNodes nodes)
    {
        nodes.StartNode("n1");
        nodes.StartNode("n2");
        var amy = nodes.Connect("n1", "amy");
        var bo = nodes.Connect("n2", "bo");
        amy.Type("/join main");
        bo.Type("/join main");
        nodes.Settle();
        amy.Received.Clear();
        bo.Received.Clear();
        return (amy, bo);
    }

    [Fact]
    public void A_node_alone_on_the_embedded_log_writes_no_heartbeats()
    {
        using var log = SqliteCommandLog.Open(SqliteCommandLog.InMemory);
        var scheduler = new ChatTestScheduler(SharedLogNodes.Start);
        var pipeline = TestPipeline.OnVirtualTime(log, scheduler, new ChatOptions());
        using var running = pipeline.Run(Observable.Never<IChatConnection>());

        scheduler.AdvanceBy(TimeSpan.FromMinutes(10).Ticks);

        Assert.Equal([(TimeSpan.Zero, "local#0", nameof(NodeStarted))], Entries(log));
    }

    [Fact]
    public void A_node_sharing_the_log_heartbeats_whenever_it_has_appended_nothing_for_two_seconds()
    {
        using var nodes = new SharedLogNodes();
        nodes.StartNode("n1");
        nodes.AdvanceBy(5 * Second); // heartbeats at 2 s and 4 s
        var amy = nodes.Connect("n1", "amy"); // at 5 s: Connected, Login
        for (int i = 0; i < 4; i++)
        {
            nodes.AdvanceBy(Second);
            amy.Type("/users"); // 6 s … 9 s: busy, so no heartbeat
        }
        nodes.AdvanceBy(5 * Second - TimeSpan.FromTicks(1)); // to 14 s: heartbeats at 11 s and 13 s

        var entries = Entries(nodes.Log);
        var lastTyped = entries.Last(e => e.Command == nameof(ListUsers)).At;
        Assert.Equal(
            [2 * Second, 4 * Second, lastTyped + 2 * Second, lastTyped + 4 * Second],
            entries.Where(e => e.Command == nameof(NodeHeartbeat)).Select(e => e.At));
    }

    [Fact]
    public void A_node_that_dies_is_lost_after_the_timeout_and_the_users_left_hear_its_users_left()
    {
        using var nodes = new SharedLogNodes();
        var (amy, bo) = AmyOnN1AndBoOnN2InMain(nodes);

        nodes.Kill("n1"); // at 0 s: n1 was last heard now
        nodes.AdvanceBy(9 * Second);
        Assert.Empty(bo.Received);
        nodes.AdvanceBy(Second); // n2's heartbeat at 10 s finds n1 silent for 10 s

        Assert.Equal(["[12:00:10] amy left the room main", "[12:00:10] bo is now the leader of main"], bo.Received);
        Assert.Equal([bo.Id], nodes["n2"].State.Clients.Keys);
        Assert.Empty(amy.Received); // n1 is dead: it tells amy nothing more
    }

    [Fact]
    public void A_log_outage_longer_than_the_timeout_loses_nobody_once_the_log_is_back()
    {
        using var nodes = new SharedLogNodes();
        var (amy, bo) = AmyOnN1AndBoOnN2InMain(nodes);

        nodes.LogOf["n1"].Failing = nodes.LogOf["n2"].Failing = true; // the log is down: nobody can append
        nodes.AdvanceBy(30 * Second);
        nodes.LogOf["n1"].Failing = nodes.LogOf["n2"].Failing = false;
        nodes.AdvanceBy(12 * Second); // both heartbeat again, and keep the log's time

        amy.Type("/users");
        nodes.Settle();
        Assert.Equal(["Users: amy, bo"], amy.Received);
        Assert.Empty(bo.Received);
        Assert.Equal(2, nodes["n2"].State.Clients.Count);
    }

    [Fact]
    public void A_node_cut_off_from_the_log_finds_itself_declared_lost_and_hangs_up_on_its_users_with_one_line()
    {
        using var nodes = new SharedLogNodes();
        var (amy, bo) = AmyOnN1AndBoOnN2InMain(nodes);

        nodes.LogOf["n1"].Failing = true; // n1 lives on, but nothing it appends reaches the log
        amy.Type("hello?");
        nodes.Settle();
        Assert.Equal(["Not delivered: the server could not store it"], amy.Received);
        nodes.AdvanceBy(10 * Second);

        Assert.Equal(
        [
            "Not delivered: the server could not store it",
            "This server was cut off from the chat: please reconnect and log in again",
        ], amy.Received);
        Assert.True(amy.HungUp);
        Assert.Equal(1, nodes.Logged.Count("could not store")); // amy's line; not the five heartbeats tried meanwhile
        Assert.Equal(["[12:00:10] amy left the room main", "[12:00:10] bo is now the leader of main"], bo.Received);

        nodes.LogOf["n1"].Failing = false; // back: n1 is a node like any other, its users welcome again
        var amyAgain = nodes.Connect("n1", "amy");
        Assert.Equal(["Welcome to the chat server!"], amyAgain.Received);
        Assert.Equal(nodes["n1"].State.Fingerprint(), nodes["n2"].State.Fingerprint());
    }

    [Fact]
    public void A_node_that_returns_under_its_name_catches_up_to_the_same_state_and_its_users_log_in_again()
    {
        using var nodes = new SharedLogNodes();
        nodes.StartNode("n1");
        nodes.StartNode("n2");
        var amy = nodes.Connect("n1", "amy");
        var bo = nodes.Connect("n2", "bo");
        amy.Type("/join main");
        bo.Type("/join main", "hi amy");
        nodes.Settle();
        nodes.Kill("n1");
        nodes.AdvanceBy(12 * Second);

        nodes.StartNode("n1");
        nodes.Settle();
        Assert.Equal(nodes["n2"].State.Position, nodes["n1"].State.Position);
        Assert.Equal(nodes["n2"].State.Fingerprint(), nodes["n1"].State.Fingerprint());

        var amyAgain = nodes.Connect("n1", "amy");
        amyAgain.Type("/join main", "/users");
        nodes.Settle();
        Assert.Equal(
        [
            "Welcome to the chat server!",
            "You joined room main",
            "--- 1 earlier message in main ---",
            "[12:00:00] bo: hi amy",
            "--- end of history ---",
            "Users: bo, amy",
        ], amyAgain.Received);
    }

    /// <summary>
    /// Property-style: seeded random conversations across two nodes (users connecting,
    /// joining, talking, leaving, a node dying and returning); after every step both nodes
    /// have folded to the same position and have the same fingerprint.
    /// </summary>
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    public void Every_node_folds_the_shared_log_to_the_same_state_at_the_same_position(int seed)
    {
        var random = new Random(seed);
        string[] rooms = ["main", "side", "x"];
        string[] lines = ["/join main", "/join side", "/join x", "hello", "/users", "/who", "/leader", "/rooms", "/history 3", "quit"];
        using var nodes = new SharedLogNodes();
        nodes.StartNode("n1");
        nodes.StartNode("n2");
        var users = new List<FakeConnection>();
        int named = 0, compared = 0;
        for (int step = 0; step < 150; step++)
        {
            var node = random.Next(2) == 0 ? "n1" : "n2";
            switch (random.Next(20))
            {
                case 0:
                    if (nodes.IsRunning("n1") && nodes.IsRunning("n2"))
                    {
                        if (random.Next(3) != 0) break;
                        nodes.Kill(node);
                        users.RemoveAll(u => u.Id.Node == node);
                    }
                    else
                    {
                        nodes.StartNode(nodes.IsRunning("n1") ? "n2" : "n1");
                    }
                    break;
                case 1 or 2 or 3:
                    if (nodes.IsRunning(node)) users.Add(nodes.Connect(node, $"u{++named}"));
                    break;
                default:
                    if (users.Count == 0) break;
                    var user = users[random.Next(users.Count)];
                    if (random.Next(25) == 0)
                    {
                        user.Close();
                        users.Remove(user);
                    }
                    else user.Type(random.Next(12) == 0 ? rooms[random.Next(rooms.Length)] : lines[random.Next(lines.Length)]);
                    break;
            }
            nodes.AdvanceBy(TimeSpan.FromMilliseconds(random.Next(10) == 0 ? 6000 : random.Next(1, 1500)));

            var states = nodes.Pipelines.Select(p => p.State).ToList();
            if (states.Count == 2)
            {
                Assert.True(states[0].Position == states[1].Position,
                    $"the nodes are at {states[0].Position} and {states[1].Position}; logged: {string.Join("; ", nodes.Logged.Entries.Where(e => e.Level >= Microsoft.Extensions.Logging.LogLevel.Error).Select(e => e.Message))}");
                Assert.Equal(states[0].Fingerprint(), states[1].Fingerprint());
                compared++;
            }
        }
        Assert.InRange(compared, 40, 150);
        Assert.DoesNotContain(nodes.Logged.Entries, e => e.Level >= Microsoft.Extensions.Logging.LogLevel.Error);
    }
}
