using System.Reactive.Linq;
using RxChat.Server.Core;
using RxChat.Server.Log;
using RxChat.Server.Pipeline;
using RxChat.Server.Transport;
using RxChat.Tests.Testing;

using RxChat.Tests.Support;

namespace RxChat.Tests.Server.Pipeline;

/// <summary>A node's stop is complete when its own stop entry is folded — this run's, not one replayed from an earlier run.</summary>
public sealed class ShutDownTests
{
    [Fact]
    public void A_stop_completes_only_once_this_runs_stop_is_folded_even_after_a_clean_earlier_stop()
    {
        using var log = SqliteCommandLog.Open(":memory:");
        var node = ConnectionId.NodeItself("local");
        var earlier = DateTimeOffset.UnixEpoch;
        log.Append([new Stamped(node, earlier, NodeStarted.Instance), new Stamped(node, earlier, NodeStopping.Instance)]);

        var scheduler = new ChatTestScheduler(new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero));
        var pipeline = TestPipeline.OnVirtualTime(log, scheduler, new ChatOptions());
        using var running = pipeline.Run(Observable.Never<IChatConnection>());

        var stopped = pipeline.ShutDown();
        Assert.False(stopped.IsCompleted); // the replayed stop was the earlier run's

        scheduler.Start();
        Assert.True(stopped.IsCompleted);
        var entries = new List<LogEntry>();
        using (log.EntriesOneByOne(0).Subscribe(entries.Add)) { }
        Assert.Equal([typeof(NodeStarted), typeof(NodeStopping), typeof(NodeStarted), typeof(NodeStopping)],
            entries.Select(e => e.Command.GetType()));
    }
}
