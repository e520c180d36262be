using System.Reactive.Concurrency;
using RxChat.Tests.Testing;

namespace RxChat.Tests.TestingTests;

/// <summary>What <see cref="ChatTestScheduler"/> adds to the package's <see cref="TestScheduler"/>, and what it keeps.</summary>
public class ChatTestSchedulerTests
{
    private static readonly DateTimeOffset Epoch = new(2026, 11, 23, 23, 59, 50, TimeSpan.FromHours(1));

    [Fact]
    public void Now_is_the_epoch_plus_the_clock_in_the_epochs_offset()
    {
        var scheduler = new ChatTestScheduler(Epoch);
        Assert.Equal(Epoch, scheduler.Now);

        scheduler.AdvanceTo(TimeSpan.FromSeconds(15).Ticks);

        Assert.Equal(new DateTimeOffset(2026, 11, 24, 0, 0, 5, TimeSpan.FromHours(1)), scheduler.Now);
        Assert.Equal(TimeSpan.FromHours(1), scheduler.Now.Offset);
    }

    [Fact]
    public void A_due_time_given_as_a_date_is_read_against_the_epoch()
    {
        var scheduler = new ChatTestScheduler(Epoch);
        long ranAt = -1;
        scheduler.Schedule(Epoch.AddTicks(300), () => ranAt = scheduler.Clock);

        scheduler.Start();

        Assert.Equal(300, ranAt);
    }

    [Fact]
    public void The_scheduler_itself_keeps_the_packages_rule_work_due_now_runs_at_clock_plus_one()
    {
        var scheduler = new ChatTestScheduler(Epoch);
        scheduler.AdvanceTo(50);
        long ranAt = -1;
        scheduler.Schedule(() => ranAt = scheduler.Clock);

        scheduler.Start();

        Assert.Equal(51, ranAt);
    }

    [Fact]
    public void The_worker_runs_work_due_now_at_the_current_tick_after_what_is_already_due_there()
    {
        var scheduler = new ChatTestScheduler(Epoch);
        var ran = new List<string>();
        scheduler.ScheduleAbsolute(default(object), 10L, (_, _) =>
        {
            scheduler.AsWorker.Schedule(() => ran.Add($"worker@{scheduler.Clock}"));
            ran.Add($"first@{scheduler.Clock}");
            return System.Reactive.Disposables.Disposable.Empty;
        });
        scheduler.ScheduleAbsolute(default(object), 10L, (_, _) => { ran.Add($"second@{scheduler.Clock}"); return System.Reactive.Disposables.Disposable.Empty; });

        scheduler.Start();

        Assert.Equal(["first@10", "second@10", "worker@10"], ran);
    }

    [Fact]
    public void The_worker_schedules_timed_work_as_the_scheduler_does()
    {
        var scheduler = new ChatTestScheduler(Epoch);
        long ranAt = -1;
        scheduler.AsWorker.Schedule(TimeSpan.FromTicks(40), () => ranAt = scheduler.Clock);

        scheduler.Start();

        Assert.Equal(40, ranAt);
    }
}
