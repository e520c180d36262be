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
    public async Task A_stop_completes_only_once_this_runs_stop_is_folded_even_after_a_clean_earlier_stop()
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

        // What this run appended, read as it is folded: the stop's snapshot, written in the
        // background, compacts the entries it covers, so reading the log afterwards would race it.
        var folded = new List<LogEntry>();
        using var following = log.EntriesOneByOne(0).Subscribe(folded.Add);
        scheduler.Start();
        Assert.True(stopped.IsCompleted);
        Assert.Equal([typeof(NodeStarted), typeof(NodeStopping), typeof(NodeStarted), typeof(NodeStopping)],
            folded.Select(e => e.Command.GetType()));
        await log.SnapshotWritten.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(4, log.LatestSnapshot()?.Position); // and the stop kept the chat as of its own entry
    }
}
