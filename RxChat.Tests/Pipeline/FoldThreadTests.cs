using System.Reactive.Linq;
using System.Reactive.Subjects;
using RxChat.Server.Pipeline;
using RxChat.Tests.Support;

namespace RxChat.Tests.Pipeline;

/// <summary>
/// The fold thread: commands keep their order, move off the producers' threads, end runs
/// that wake the writers, and push back on producers when the fold falls far behind.
/// </summary>
public sealed class FoldThreadTests
{
    [Fact]
    public async Task Commands_arrive_in_order_on_one_other_thread_and_each_run_is_reported_after_them()
    {
        var source = new Subject<int>();
        var seen = new List<(int Value, int Thread)>();
        var runsEndedAfter = new List<int>();
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var _ = source
            .ObserveOnFoldThread(runEnded: () => runsEndedAfter.Add(seen.Count))
            .Subscribe(v => seen.Add((v, Environment.CurrentManagedThreadId)), () => done.TrySetResult());

        for (int i = 0; i < 1000; i++) source.OnNext(i);
        source.OnCompleted();
        await done.Task.WaitAsync(LineClient.Patience);

        Assert.Equal(Enumerable.Range(0, 1000), seen.Select(s => s.Value));
        Assert.Single(seen.Select(s => s.Thread).Distinct());
        Assert.NotEqual(Environment.CurrentManagedThreadId, seen[0].Thread);
        Assert.NotEmpty(runsEndedAfter);
        Assert.All(runsEndedAfter.Zip(runsEndedAfter.Skip(1)), pair => Assert.True(pair.Second - pair.First <= FoldThread.MaxRun));
    }

    [Fact]
    public async Task A_producer_waits_for_room_when_the_fold_is_far_behind_and_nothing_is_lost()
    {
        const int MaxQueued = 4;
        var source = new Subject<int>();
        var gate = new ManualResetEventSlim(false);
        var seen = new List<int>();
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var _ = source
            .ObserveOnFoldThread(runEnded: () => { }, maxQueued: MaxQueued)
            .Subscribe(v => { gate.Wait(); seen.Add(v); }, () => done.TrySetResult());

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

        // The fold is stuck on the first command: 1 taken + MaxQueued queued, then the producer waits.
        using (var patience = new CancellationTokenSource(LineClient.Patience))
            while (Volatile.Read(ref attempted) <= MaxQueued + 1)
            {
                patience.Token.ThrowIfCancellationRequested();
                await Task.Yield();
            }
        Assert.Equal(MaxQueued + 1, Volatile.Read(ref pushed));
        Assert.False(producer.IsCompleted);

        gate.Set();
        await done.Task.WaitAsync(LineClient.Patience);
        await producer.WaitAsync(LineClient.Patience);
        Assert.Equal(Enumerable.Range(0, 1000), seen);
    }
}
