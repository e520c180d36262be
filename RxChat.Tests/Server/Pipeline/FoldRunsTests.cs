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
        var scheduler = new ChatTestScheduler(DateTimeOffset.UnixEpoch);
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

    /// <summary>Runs of what arrives in one virtual moment, with ends ("X.end") allowed to wait.</summary>
    private static List<List<string>> RunsOf(params string[] arrivals)
    {
        var scheduler = new ChatTestScheduler(DateTimeOffset.UnixEpoch);
        var source = scheduler.CreateHotObservable(
            [.. arrivals.Select(a => ReactiveTest.OnNext(10, a)), ReactiveTest.OnCompleted<string>(20)]);
        var observed = scheduler.Start(
            () => source.InRuns(scheduler.AsWorker, mayWait: command => command.EndsWith(".end")).Select(run => run.ToList()),
            0, 0, 100);
        return [.. observed.Messages.Where(m => m.Value.HasValue).Select(m => m.Value.Value)];
    }

    [Fact]
    public void A_login_behind_a_storm_of_ends_is_folded_in_the_first_run_after_the_share_of_ends()
    {
        var ends = Enumerable.Range(0, 300).Select(i => $"c{i}.end").ToArray();
        var runs = RunsOf([.. ends, "newcomer.login"]);

        Assert.Equal(ends.Append("newcomer.login").Order(), runs.SelectMany(run => run).Order());
        Assert.Equal(FoldRuns.WaitingShare, runs[0].IndexOf("newcomer.login")); // not behind all 300
        Assert.All(runs, run => Assert.InRange(run.Count, 1, FoldRuns.MaxRun));
    }

    [Fact]
    public void An_end_never_goes_before_what_arrived_ahead_of_it()
    {
        var random = new Random(1234);
        for (int trial = 0; trial < 200; trial++)
        {
            // Connections say lines and end, interleaved at random; one connection never speaks after its end.
            var arrivals = new List<string>();
            var open = Enumerable.Range(0, 40).Select(i => $"c{i}").ToList();
            int line = 0;
            while (open.Count > 0)
            {
                var who = open[random.Next(open.Count)];
                if (random.Next(4) == 0) { arrivals.Add($"{who}.end"); open.Remove(who); }
                else arrivals.Add($"{who}.line{line++}");
            }
            var runs = RunsOf([.. arrivals]);
            var folded = runs.SelectMany(run => run).ToList();

            Assert.Equal(arrivals.Order(), folded.Order()); // each exactly once
            Assert.Equal(arrivals.Where(a => !a.EndsWith(".end")), folded.Where(a => !a.EndsWith(".end"))); // lines keep their order
            Assert.Equal(arrivals.Where(a => a.EndsWith(".end")), folded.Where(a => a.EndsWith(".end"))); // ends keep theirs
            foreach (var end in arrivals.Where(a => a.EndsWith(".end")))
            {
                var before = arrivals.Take(arrivals.IndexOf(end)); // everything that arrived ahead of this end
                Assert.All(before, earlier => Assert.True(folded.IndexOf(earlier) < folded.IndexOf(end), $"{end} went before {earlier}"));
            }
        }
    }

    [Fact]
    public void Ends_that_wait_get_their_share_of_every_run_however_much_else_keeps_coming()
    {
        var ends = Enumerable.Range(0, 100).Select(i => $"c{i}.end").ToArray();
        var lines = Enumerable.Range(0, 1000).Select(i => $"chatter.line{i}").ToArray();
        var runs = RunsOf([.. ends, .. lines]);

        // Every run takes its share of the ends until none is left: they are never starved by the lines.
        int fullShares = ends.Length / FoldRuns.WaitingShare;
        Assert.All(runs.Take(fullShares), run => Assert.Equal(FoldRuns.WaitingShare, run.Count(a => a.EndsWith(".end"))));
        Assert.Equal(ends.Length, runs.Take(fullShares + 1).Sum(run => run.Count(a => a.EndsWith(".end"))));
    }
}
