using System.Reactive.Concurrency;
using RxChat.Server.Pipeline;
using RxChat.Tests.Support;

namespace RxChat.Tests.Server.Pipeline;

public sealed class FoldThreadTests
{
    [Fact]
    public async Task Work_runs_on_one_thread_of_its_own_in_the_order_it_was_scheduled()
    {
        using var fold = new FoldThread("test-fold");
        var ran = new List<(int Item, int Thread)>();
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        // Scheduled from several threads at once; each thread's items keep their order.
        await Task.WhenAll(Enumerable.Range(0, 4).Select(t => Task.Run(() =>
        {
            for (int i = 0; i < 500; i++)
            {
                int item = t * 1000 + i;
                fold.Schedule(() => ran.Add((item, Environment.CurrentManagedThreadId)));
            }
        })));
        fold.Schedule(() => done.TrySetResult());
        await done.Task.WaitAsync(LineClient.Patience);

        Assert.Equal(2000, ran.Count);
        Assert.Single(ran.Select(r => r.Thread).Distinct());
        Assert.NotEqual(Environment.CurrentManagedThreadId, ran[0].Thread);
        for (int t = 0; t < 4; t++)
            Assert.Equal(Enumerable.Range(t * 1000, 500), ran.Select(r => r.Item).Where(item => item / 1000 == t));
    }

    [Fact]
    public async Task Work_due_later_runs_on_the_fold_thread_and_cancelled_work_never_runs()
    {
        using var fold = new FoldThread("test-fold");
        int foldThreadId = 0;
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        fold.Schedule(() => { foldThreadId = Environment.CurrentManagedThreadId; started.TrySetResult(); });
        await started.Task.WaitAsync(LineClient.Patience);

        bool cancelledRan = false;
        var cancelled = fold.Schedule(TimeSpan.FromMilliseconds(50), () => cancelledRan = true);
        cancelled.Dispose();
        var later = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        fold.Schedule(TimeSpan.FromMilliseconds(100), () => later.TrySetResult(Environment.CurrentManagedThreadId));

        Assert.Equal(foldThreadId, await later.Task.WaitAsync(LineClient.Patience));
        // The cancelled item was due before the one that ran: had it not been cancelled, it would have run first.
        var after = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        fold.Schedule(() => after.TrySetResult());
        await after.Task.WaitAsync(LineClient.Patience);
        Assert.False(cancelledRan);
    }
}
