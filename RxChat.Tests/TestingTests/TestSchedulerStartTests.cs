using System.Reactive.Linq;
using RxChat.Tests.Testing;
using static RxChat.Tests.Testing.ReactiveTest;

namespace RxChat.Tests.TestingTests;

/// <summary>Start, hot and cold observables, and their subscription logs.</summary>
public class TestSchedulerStartTests
{
    [Fact]
    public void Start_creates_at_100_subscribes_at_200_and_disposes_at_1000()
    {
        var scheduler = new TestScheduler();
        long createdAt = -1;

        var xs = scheduler.CreateHotObservable(OnNext(150, 1), OnNext(210, 2), OnNext(1010, 3));
        var result = scheduler.Start(() => { createdAt = scheduler.Clock; return xs; });

        Assert.Equal(Created, createdAt);
        result.Messages.AssertEqual(OnNext(210, 2));
        xs.Subscriptions.AssertEqual(Subscribe(Subscribed, Disposed));
    }

    [Fact]
    public void Start_with_explicit_times_uses_them()
    {
        var scheduler = new TestScheduler();
        var xs = scheduler.CreateHotObservable(OnNext(40, 1), OnNext(60, 2), OnNext(80, 3));

        var result = scheduler.Start(() => xs, created: 10, subscribed: 50, disposed: 70);

        result.Messages.AssertEqual(OnNext(60, 2));
        xs.Subscriptions.AssertEqual(Subscribe(50, 70));
    }

    [Fact]
    public void A_hot_value_at_the_subscription_tick_is_missed()
    {
        // The hot observable's work was scheduled first, so it runs before Start's subscription at 200.
        var scheduler = new TestScheduler();
        var xs = scheduler.CreateHotObservable(OnNext(200, 1), OnNext(201, 2));

        scheduler.Start(() => xs).Messages.AssertEqual(OnNext(201, 2));
    }

    [Fact]
    public void A_cold_observable_replays_relative_to_each_subscription()
    {
        var scheduler = new TestScheduler();
        var ys = scheduler.CreateColdObservable(OnNext(10, 'a'), OnNext(20, 'b'), OnCompleted<char>(30));

        var result = scheduler.Start(() => ys.Concat(ys));

        result.Messages.AssertEqual(
            OnNext(210, 'a'), OnNext(220, 'b'),
            OnNext(240, 'a'), OnNext(250, 'b'), OnCompleted<char>(260));
        ys.Subscriptions.AssertEqual(Subscribe(200, 230), Subscribe(230, 260));
    }

    [Fact]
    public void Disposing_a_cold_subscription_cancels_the_rest_of_its_playback()
    {
        var scheduler = new TestScheduler();
        var ys = scheduler.CreateColdObservable(OnNext(10, 1), OnNext(100, 2));

        var result = scheduler.Start(() => ys, disposed: 250);

        result.Messages.AssertEqual(OnNext(210, 1));
        ys.Subscriptions.AssertEqual(Subscribe(200, 250));
    }

    [Fact]
    public void An_undisposed_subscription_is_logged_as_infinite()
    {
        var scheduler = new TestScheduler();
        var xs = scheduler.CreateHotObservable<int>();

        xs.Subscribe(_ => { });

        xs.Subscriptions.AssertEqual(Subscribe(0));
        Assert.Equal("(0, Infinite)", xs.Subscriptions[0].ToString());
    }

    [Fact]
    public void CreateObserver_records_the_clock_of_each_notification()
    {
        var scheduler = new TestScheduler();
        var observer = scheduler.CreateObserver<string>();

        scheduler.AdvanceTo(5);
        observer.OnNext("hello");
        scheduler.AdvanceTo(9);
        observer.OnCompleted();

        observer.Messages.AssertEqual(OnNext(5, "hello"), OnCompleted<string>(9));
    }

    [Fact]
    public void A_predicate_expectation_matches_by_content()
    {
        var scheduler = new TestScheduler();
        var xs = scheduler.CreateHotObservable(OnNext(210, 1), OnNext(220, 2), OnNext(230, 3), OnCompleted<int>(240));

        var result = scheduler.Start(() => xs.ToList());

        result.Messages.AssertEqual(
            OnNext<IList<int>>(240, list => list.SequenceEqual(new[] { 1, 2, 3 })),
            OnCompleted<IList<int>>(240));
    }

    [Fact]
    public void A_mismatch_shows_both_timelines()
    {
        var failure = Assert.Throws<TimelineMismatchException>(() =>
            new[] { OnNext(210, 1) }.AssertEqual(OnNext(220, 1)));

        Assert.Contains("expected: OnNext(1)@220", failure.Message);
        Assert.Contains("actual:   OnNext(1)@210", failure.Message);
    }
}
