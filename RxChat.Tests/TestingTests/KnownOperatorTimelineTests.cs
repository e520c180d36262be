using System.Reactive.Linq;
using RxChat.Tests.Testing;
using static RxChat.Tests.Testing.ReactiveTest;

namespace RxChat.Tests.TestingTests;

/// <summary>
/// The scheduler is only trustworthy if Rx's own time-based operators produce their documented
/// timelines on it. Each test states the rule it relies on.
/// </summary>
public class KnownOperatorTimelineTests
{
    [Fact]
    public void Throttle_passes_a_value_once_the_source_is_quiet_for_the_due_time()
    {
        var scheduler = new TestScheduler();
        var xs = scheduler.CreateHotObservable(
            OnNext(150, 0),                              // before subscription: never seen
            OnNext(210, 1), OnNext(215, 2), OnNext(219, 3), // a burst: only the last survives
            OnNext(300, 4),
            OnCompleted<int>(310));                      // completion flushes the pending value

        var result = scheduler.Start(() => xs.Throttle(TimeSpan.FromTicks(20), scheduler));

        result.Messages.AssertEqual(OnNext(239, 3), OnNext(310, 4), OnCompleted<int>(310));
        xs.Subscriptions.AssertEqual(Subscribe(200, 310));
    }

    [Fact]
    public void Buffer_by_count_emits_each_full_buffer_and_the_remainder_on_completion()
    {
        var scheduler = new TestScheduler();
        var xs = scheduler.CreateHotObservable(
            OnNext(210, 1), OnNext(220, 2), OnNext(230, 3), OnNext(240, 4), OnCompleted<int>(250));

        var result = scheduler.Start(() => xs.Buffer(3));

        result.Messages.AssertEqual(
            OnNext<IList<int>>(230, b => b.SequenceEqual(new[] { 1, 2, 3 })),
            OnNext<IList<int>>(250, b => b.SequenceEqual(new[] { 4 })),
            OnCompleted<IList<int>>(250));
    }

    [Fact]
    public void Buffer_by_time_cuts_a_window_every_span_from_subscription()
    {
        var scheduler = new TestScheduler();
        var xs = scheduler.CreateHotObservable(
            OnNext(210, 1), OnNext(250, 2), OnNext(320, 3), OnNext(450, 4), OnCompleted<int>(470));

        var result = scheduler.Start(() => xs.Buffer(TimeSpan.FromTicks(100), scheduler));

        result.Messages.AssertEqual(
            OnNext<IList<int>>(300, b => b.SequenceEqual(new[] { 1, 2 })),
            OnNext<IList<int>>(400, b => b.SequenceEqual(new[] { 3 })),
            OnNext<IList<int>>(470, b => b.SequenceEqual(new[] { 4 })),
            OnCompleted<IList<int>>(470));
    }

    [Fact]
    public void Merge_interleaves_by_time_and_completes_when_all_sources_have()
    {
        var scheduler = new TestScheduler();
        var xs = scheduler.CreateHotObservable(OnNext(210, 'a'), OnNext(240, 'c'), OnCompleted<char>(250));
        var ys = scheduler.CreateHotObservable(OnNext(220, 'b'), OnNext(260, 'd'), OnCompleted<char>(300));

        var result = scheduler.Start(() => xs.Merge(ys));

        result.Messages.AssertEqual(
            OnNext(210, 'a'), OnNext(220, 'b'), OnNext(240, 'c'), OnNext(260, 'd'), OnCompleted<char>(300));
        xs.Subscriptions.AssertEqual(Subscribe(200, 250));
        ys.Subscriptions.AssertEqual(Subscribe(200, 300));
    }

    [Fact]
    public void Merge_fails_at_the_first_error_and_drops_the_other_sources()
    {
        var scheduler = new TestScheduler();
        var boom = new InvalidOperationException("boom");
        var xs = scheduler.CreateHotObservable(OnNext(210, 1), OnError<int>(230, boom));
        var ys = scheduler.CreateHotObservable(OnNext(220, 2), OnNext(240, 3));

        var result = scheduler.Start(() => xs.Merge(ys));

        result.Messages.AssertEqual(OnNext(210, 1), OnNext(220, 2), OnError<int>(230, boom));
        ys.Subscriptions.AssertEqual(Subscribe(200, 230));
    }

    [Fact]
    public void Timeout_restarts_its_timer_at_every_value_and_fails_when_one_is_late()
    {
        var scheduler = new TestScheduler();
        var xs = scheduler.CreateHotObservable(OnNext(230, 1), OnNext(270, 2), OnNext(330, 3));

        var result = scheduler.Start(() => xs.Timeout(TimeSpan.FromTicks(50), scheduler));

        // 270 + 50 = 320 comes before the value at 330.
        result.Messages.AssertEqual(
            OnNext(230, 1), OnNext(270, 2),
            OnError<int>(320, error => error is TimeoutException));
        xs.Subscriptions.AssertEqual(Subscribe(200, 320));
    }

    [Fact]
    public void Timeout_counts_its_first_period_from_subscription()
    {
        var scheduler = new TestScheduler();
        var xs = scheduler.CreateHotObservable(OnNext(260, 1));

        var result = scheduler.Start(() => xs.Timeout(TimeSpan.FromTicks(50), scheduler));

        result.Messages.AssertEqual(OnError<int>(250, error => error is TimeoutException));
    }

    [Fact]
    public void Delay_shifts_values_and_completion_by_the_due_time()
    {
        var scheduler = new TestScheduler();
        var xs = scheduler.CreateHotObservable(OnNext(210, 1), OnNext(250, 2), OnCompleted<int>(300));

        var result = scheduler.Start(() => xs.Delay(TimeSpan.FromTicks(100), scheduler));

        result.Messages.AssertEqual(OnNext(310, 1), OnNext(350, 2), OnCompleted<int>(400));
        xs.Subscriptions.AssertEqual(Subscribe(200, 300));
    }

    [Fact]
    public void Delay_passes_an_error_on_at_once()
    {
        var scheduler = new TestScheduler();
        var boom = new Exception("boom");
        var xs = scheduler.CreateHotObservable(OnNext(210, 1), OnError<int>(250, boom));

        var result = scheduler.Start(() => xs.Delay(TimeSpan.FromTicks(100), scheduler));

        result.Messages.AssertEqual(OnError<int>(250, boom));
    }

    [Fact]
    public void Timestamp_reads_the_scheduler_clock_through_the_epoch()
    {
        var epoch = new DateTimeOffset(2026, 11, 23, 12, 34, 56, TimeSpan.Zero);
        var scheduler = new TestScheduler(epoch);
        var xs = scheduler.CreateHotObservable(OnNext(TimeSpan.FromSeconds(1).Ticks, "hi"));

        var result = scheduler.Start(() => xs.Timestamp(scheduler).Select(t => t.Timestamp.ToString("HH:mm:ss")),
            created: 0, subscribed: 1, disposed: TimeSpan.FromSeconds(2).Ticks);

        result.Messages.AssertEqual(OnNext(TimeSpan.FromSeconds(1).Ticks, "12:34:57"));
    }
}
