using System.Reactive.Concurrency;
using System.Reactive.Linq;
using System.Reactive.Subjects;
using RxChat.Server.Pipeline;
using RxChat.Tests.Support;
using RxChat.Tests.Testing;

namespace RxChat.Tests.Server.Pipeline;

/// <summary>
/// The fold's runs: commands keep their order, move off the producers' threads onto the
/// fold's, come in runs of at most <see cref="FoldRuns.MaxRun"/>, the last run is delivered
/// before the end, and producers are pushed back when the fold falls far behind.
/// </summary>
public sealed class FoldRunsTests
{
    [Fact]
    public async Task Commands_arrive_in_order_in_bounded_runs_on_the_fold_thread()
    {
        var source = new Subject<int>();
        var runs = new List<(IReadOnlyList<int> Run, int Thread)>();
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var foldThread = (FoldThread)FoldRuns.NewFoldThread();
        using var _ = source
            .InRuns(foldThread)
            .Subscribe(run => runs.Add((run, Environment.CurrentManagedThreadId)), () => done.TrySetResult());

        for (int i = 0; i < 1000; i++) source.OnNext(i);
        source.OnCompleted();
        await done.Task.WaitAsync(LineClient.Patience);
        foldThread.Dispose();

        Assert.Equal(Enumerable.Range(0, 1000), runs.SelectMany(r => r.Run));
        Assert.Single(runs.Select(r => r.Thread).Distinct());
        Assert.NotEqual(Environment.CurrentManagedThreadId, runs[0].Thread);
        Assert.All(runs, r => Assert.InRange(r.Run.Count, 1, FoldRuns.MaxRun));
    }

    [Fact]
    public void On_virtual_time_what_arrives_in_one_moment_is_one_run_at_that_moment_and_the_last_run_comes_before_the_end()
    {
        var scheduler = new TestScheduler(DateTimeOffset.UnixEpoch);
        var source = scheduler.CreateHotObservable(
            ReactiveTest.OnNext(10, 1), ReactiveTest.OnNext(10, 2), ReactiveTest.OnNext(20, 3),
            ReactiveTest.OnNext(30, 4), ReactiveTest.OnCompleted<int>(30));

        var observed = scheduler.Start(() => source.InRuns(scheduler.AsWorker).Select(run => string.Join(",", run)), 0, 0, 100);

        observed.Messages.AssertEqual(
            ReactiveTest.OnNext(10, "1,2"), ReactiveTest.OnNext(20, "3"), ReactiveTest.OnNext(30, "4"),
            ReactiveTest.OnCompleted<string>(30));
    }

    [Fact]
    public async Task A_producer_waits_for_room_when_the_fold_is_far_behind_and_nothing_is_lost()
    {
        const int MaxQueued = 4;
        var source = new Subject<int>();
        var gate = new ManualResetEventSlim(false);
        var seen = new List<int>();
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var foldThread = (FoldThread)FoldRuns.NewFoldThread();
        using var _ = source
            .InRuns(foldThread, maxQueued: MaxQueued)
            .Subscribe(run => { gate.Wait(); seen.AddRange(run); }, () => done.TrySetResult());

        int attempted = 0, pushed = 0;
        var producer = Task.Run(() =>
        {
            for (int i = 0; i < 1000; i++)
            {
                Interlocked.Increment(ref attempted);
                source.OnNext(i);
                Interlocked.Increment(ref pushed);
            }
            source.OnCompleted();
        });

        // The fold is stuck on its first run: that run taken, MaxQueued queued, then the producer waits.
        using (var patience = new CancellationTokenSource(LineClient.Patience))
            while (Volatile.Read(ref attempted) <= Volatile.Read(ref pushed) || Volatile.Read(ref pushed) < MaxQueued)
            {
                patience.Token.ThrowIfCancellationRequested();
                await Task.Yield();
            }
        Assert.InRange(Volatile.Read(ref pushed), MaxQueued, MaxQueued + FoldRuns.MaxRun);
        Assert.False(producer.IsCompleted);

        gate.Set();
        await done.Task.WaitAsync(LineClient.Patience);
        await producer.WaitAsync(LineClient.Patience);
        foldThread.Dispose();
        Assert.Equal(Enumerable.Range(0, 1000), seen);
    }
}
