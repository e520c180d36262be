using System.Reactive.Linq;
using RxChat.Server.Core;
using RxChat.Server.Log;
using RxChat.Server.Pipeline;
using RxChat.Server.Transport;
using RxChat.Tests.Support;
using RxChat.Tests.Testing;

namespace RxChat.Tests.Server.Pipeline;

/// <summary>
/// The fold never takes an entry decided under rules it does not know: a node that started
/// with newer rules stops the start (while catching up) or the running chat (met live), and
/// nothing from that entry on is folded. Older rules are folded on, as an upgrade needs.
/// </summary>
public sealed class RulesVersionPipelineTests
{
    private static readonly DateTimeOffset Noon = new(2026, 12, 6, 12, 0, 0, TimeSpan.Zero);
    private static readonly ConnectionId Newer = ConnectionId.NodeItself("n2");
    private static readonly int NewerRules = RulesVersion.Current + 1;

    [Fact]
    public void A_log_where_a_node_of_newer_rules_started_is_refused_at_start_naming_both_versions()
    {
        using var log = SqliteCommandLog.Open(SqliteCommandLog.InMemory);
        log.Append([new Stamped(ConnectionId.NodeItself("n1"), Noon, NodeStarted.Instance), new Stamped(new ConnectionId("n1", 1), Noon, Connected.Instance)]);
        log.Append([new Stamped(Newer, Noon, new NodeStarted(NewerRules)), new Stamped(new ConnectionId("n2", 1), Noon, Connected.Instance)]);
        var pipeline = TestPipeline.OnVirtualTime(log, new ChatTestScheduler(Noon), new ChatOptions { Node = "n1" });

        var refused = Assert.Throws<UnknownRulesException>(() => pipeline.Run(Observable.Never<IChatConnection>()));

        Assert.StartsWith($"the log was written under rules version {NewerRules}; this RxChat folds rules version {RulesVersion.Current} (node n2 started with them at log position 3)",
            refused.Message);
        Assert.Equal(NewerRules, refused.LogRules);
        Assert.True(pipeline.State.Position < 3); // nothing from it on was folded
    }

    [Fact]
    public async Task A_node_of_newer_rules_met_while_running_stops_the_fold_there()
    {
        using var log = SqliteCommandLog.Open(SqliteCommandLog.InMemory);
        var clock = new ChatTestScheduler(Noon);
        var pipeline = TestPipeline.OnVirtualTime(log, clock, new ChatOptions { Node = "n1" });
        using var running = pipeline.Run(Observable.Never<IChatConnection>());
        clock.Start(); // n1 appends its own start
        Assert.Equal(1, pipeline.State.Position);

        log.Append([new Stamped(new ConnectionId("n3", 1), Noon, Connected.Instance)]); // an older node's entry: folded
        log.Append([new Stamped(Newer, Noon, new NodeStarted(NewerRules)), new Stamped(new ConnectionId("n2", 1), Noon, Connected.Instance)]);
        log.Append([new Stamped(new ConnectionId("n3", 2), Noon, Connected.Instance)]);

        Assert.True(pipeline.Broken.IsCompleted);
        var refused = Assert.IsType<UnknownRulesException>(await pipeline.Broken);
        Assert.Contains("node n2 started with them at log position 3", refused.Message);
        Assert.Equal(2, pipeline.State.Position);
        Assert.Null(pipeline.State.Find(new ConnectionId("n3", 2)));
    }

    [Fact]
    public void Starts_of_older_rules_and_unrecorded_ones_are_folded_on()
    {
        using var log = SqliteCommandLog.Open(SqliteCommandLog.InMemory);
        log.Append([new Stamped(Newer, Noon, new NodeStarted()), new Stamped(ConnectionId.NodeItself("n3"), Noon, new NodeStarted(RulesVersion.Current))]);
        var clock = new ChatTestScheduler(Noon);
        var pipeline = TestPipeline.OnVirtualTime(log, clock, new ChatOptions { Node = "n1" });

        using var running = pipeline.Run(Observable.Never<IChatConnection>());
        clock.Start();

        Assert.Equal(3, pipeline.State.Position);
        Assert.False(pipeline.Broken.IsCompleted);
    }
}
