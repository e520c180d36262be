using System.Reactive.Concurrency;
using System.Reactive.Linq;
using RxChat.Tests.Testing;
using static RxChat.Tests.Testing.ReactiveTest;

namespace RxChat.Tests.TestingTests;

/// <summary>The virtual clock itself: what Now reads, when scheduled work runs.</summary>
public class TestSchedulerClockTests
{
    [Fact]
    public void Now_is_the_epoch_plus_the_clock_in_timespan_ticks()
    {
        var epoch = new DateTimeOffset(2026, 11, 23, 23, 59, 59, TimeSpan.Zero);
        var scheduler = new TestScheduler(epoch);

        scheduler.AdvanceBy(TimeSpan.FromSeconds(1).Ticks);

        Assert.Equal(new DateTimeOffset(2026, 11, 24, 0, 0, 0, TimeSpan.Zero), scheduler.Now);
        Assert.Equal(TimeSpan.FromSeconds(1).Ticks, scheduler.Clock);
    }

    [Fact]
    public void The_default_epoch_is_the_start_of_the_calendar_like_Rx_NET()
    {
        var scheduler = new TestScheduler();
        scheduler.AdvanceTo(42);

        Assert.Equal(new DateTimeOffset(42, TimeSpan.Zero), scheduler.Now);
    }

    [Fact]
    public void Work_due_now_runs_one_tick_later()
    {
        // Microsoft.Reactive.Testing's rule: Return on the test scheduler, subscribed at 200, yields at 201.
        var scheduler = new TestScheduler();

        var result = scheduler.Start(() => Observable.Return(42, scheduler));

        result.Messages.AssertEqual(OnNext(201, 42), OnCompleted<int>(201));
    }

    [Fact]
    public void Work_at_the_same_time_runs_in_the_order_it_was_scheduled()
    {
        var scheduler = new TestScheduler();
        var order = new List<string>();

        scheduler.ScheduleAbsolute("first", 50, (_, name) => { order.Add(name); return System.Reactive.Disposables.Disposable.Empty; });
        scheduler.ScheduleAbsolute("second", 50, (_, name) => { order.Add(name); return System.Reactive.Disposables.Disposable.Empty; });
        scheduler.ScheduleAbsolute("earlier", 40, (_, name) => { order.Add(name); return System.Reactive.Disposables.Disposable.Empty; });
        scheduler.Start();

        Assert.Equal(new[] { "earlier", "first", "second" }, order);
    }

    [Fact]
    public void AdvanceBy_runs_only_the_work_due_by_then()
    {
        var scheduler = new TestScheduler();
        var ticks = new List<long>();
        using var _ = Observable.Interval(TimeSpan.FromTicks(10), scheduler).Subscribe(_ => ticks.Add(scheduler.Clock));

        scheduler.AdvanceBy(35);
        Assert.Equal(new long[] { 10, 20, 30 }, ticks);

        scheduler.AdvanceTo(50);
        Assert.Equal(new long[] { 10, 20, 30, 40, 50 }, ticks);
    }

    [Fact]
    public void A_due_time_as_wall_clock_date_is_read_against_the_epoch()
    {
        var epoch = new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);
        var scheduler = new TestScheduler(epoch);

        var result = scheduler.Start(() => Observable.Timer(epoch.AddTicks(300), scheduler));

        result.Messages.AssertEqual(OnNext(300, 0L), OnCompleted<long>(300));
    }
}
