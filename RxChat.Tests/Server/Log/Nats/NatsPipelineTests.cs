using System.Reactive.Concurrency;
using System.Reactive.Linq;
using System.Reactive.Subjects;
using RxChat.Server.Core;
using RxChat.Server.Log;
using RxChat.Server.Log.Nats;
using RxChat.Server.Pipeline;
using RxChat.Server.Transport;
using RxChat.Tests.Support;

namespace RxChat.Tests.Server.Log.Nats;

/// <summary>
/// Real pipelines, in process, over NATS logs on one real <c>nats-server</c>: nodes that fold
/// the same stream are in the same state at the same position, and a node that starts late
/// catches up from the snapshot in JetStream, also once the stream was purged below it.
/// </summary>
public sealed class NatsPipelineTests : InProcessNatsTest
{
    [Fact]
    public async Task Two_nodes_are_in_the_same_state_at_the_same_log_position()
    {
        var (a, connectA, _) = await NodeAsync("a");
        var (b, connectB, _) = await NodeAsync("b");
        var alice = new FakeConnection(1, "a");
        var bob = new FakeConnection(1, "b");
        connectA(alice);
        connectB(bob);
        alice.Type("alice", "/join main");
        bob.Type("bob", "/join main");
        for (int i = 0; i < 20; i++)
        {
            alice.Type($"a{i}");
            bob.Type($"b{i}");
        }

        await UntilAsync(() => Said(a.State) == 40 && Said(b.State) == 40);
        var (atA, atB) = await SamePositionAsync(a, b);
        Assert.Equal(atA.Fingerprint(), atB.Fingerprint());
        Assert.Equal(["alice", "bob"], atA.Users.Select(u => u.Username).Order());
    }

    [Theory]
    [InlineData(900 * 1024)] // the snapshot fits in the key-value entry
    [InlineData(0)]          // it goes to the object store
    public async Task A_node_starting_late_catches_up_from_the_snapshot_even_once_the_stream_is_purged_below_it(int largestInline)
    {
        var (a, connectA, logA) = await NodeAsync("a", largestInline, snapshotEvery: 10);
        var alice = new FakeConnection(1, "a");
        connectA(alice);
        alice.Type("alice", "/join main");
        for (int wave = 1; wave <= 3; wave++) // a snapshot after each wave; the second and third purge below the one before
        {
            for (int i = 0; i < 20; i++) alice.Type($"line {wave}.{i}");
            await UntilAsync(() => Said(a.State) == 20 * wave);
            await UntilAsync(() => logA.SnapshotWritten.IsCompleted);
        }

        // Snapshots are saved in the background: the stream is purged below the one the newest replaced.
        using (var timeout = new CancellationTokenSource(Patience))
            while ((await StreamStateAsync()).FirstSeq <= 1) await Task.Delay(20, timeout.Token);

        var late = await LogAsync("c", largestInline); // node c's own log: it appends on its subject
        var snapshot = late.LatestSnapshot();
        Assert.NotNull(snapshot);
        Assert.InRange(snapshot.Position, 1, a.State.Position);

        var (c, _, _) = await NodeAsync("c", largestInline, log: late);
        alice.Type("after the late node came");
        await UntilAsync(() => Said(a.State) == 61 && Said(c.State) == 61);
        var (atA, atC) = await SamePositionAsync(a, c);
        Assert.Equal(atA.Fingerprint(), atC.Fingerprint());
    }

    private static int Said(ChatState state) => state.History.Rooms.TryGetValue("main", out var room) ? room.Count : 0;

    /// <summary>Two nodes' states read at a moment both have folded the same position (nothing new is being appended).</summary>
    private static async Task<(ChatState, ChatState)> SamePositionAsync(ChatPipeline one, ChatPipeline other)
    {
        (ChatState, ChatState) pair = default;
        await UntilAsync(() =>
        {
            pair = (one.State, other.State);
            return pair.Item1.Position == pair.Item2.Position;
        });
        return pair;
    }

    private static async Task UntilAsync(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(Patience);
        while (!condition())
        {
            if (timeout.IsCancellationRequested) throw new Xunit.Sdk.XunitException("the nodes did not get there in time");
            await Task.Delay(20); // polls a condition; the bound is what decides failure
        }
    }

    private Task<NatsCommandLog> LogAsync(string node, int largestInline = 900 * 1024, IScheduler? foldOn = null) =>
        OpenLogAsync(node, o => o with { LargestInlineSnapshot = largestInline, KeptBehindSnapshot = 0 }, foldOn);

    private async Task<(ChatPipeline, Action<IChatConnection>, NatsCommandLog)> NodeAsync(
        string node, int largestInline = 900 * 1024, int snapshotEvery = 10_000, NatsCommandLog? log = null)
    {
        var foldOn = Track(new EventLoopScheduler());
        log ??= await LogAsync(node, largestInline, foldOn);
        var options = new ChatOptions { Node = node, TimeZone = TimeZoneInfo.Utc, Flood = FloodLimits.Off, SnapshotEveryEntries = snapshotEvery };
        var pipeline = TestPipeline.Create(log, Scheduler.Default, foldOn, options);
        var connections = new Subject<IChatConnection>();
        Track(pipeline.Run(connections));
        return (pipeline, connections.OnNext, log);
    }
}
