using System.Reactive.Linq;
using RxChat.Tests.Testing.Marbles;
using static Microsoft.Reactive.Testing.ReactiveTest;

namespace RxChat.Tests.TestingTests;

/// <summary>Hot, Cold, ExpectMarbles and ExpectSubscriptions working together on virtual time.</summary>
public class MarbleExpectationTests
{
    private readonly TestScheduler _scheduler = new();
    private readonly Marbles _marbles;

    public MarbleExpectationTests() => _marbles = new Marbles(_scheduler);

    [Fact]
    public void A_hot_stream_plays_at_frame_ticks_counted_from_the_subscription_point()
    {
        var xs = _marbles.Hot("a-^-b-(cd)|");

        // 'a' is before the subscription, so Start never sees it.
        _scheduler.Start(() => xs).Messages.AssertEqual(
            OnNext(220, "b"), OnNext(240, "c"), OnNext(240, "d"), OnCompleted<string>(280));
    }

    [Fact]
    public void Map_values_with_a_values_dictionary()
    {
        var values = new Dictionary<char, int> { ['a'] = 1, ['b'] = 2 };
        var xs = _marbles.Hot("^-a-b-|", values);

        var result = _scheduler.Start(() => xs.Select(x => x * 10));

        _marbles.ExpectMarbles(result, "--a-b-|", new Dictionary<char, int> { ['a'] = 10, ['b'] = 20 });
    }

    [Fact]
    public void A_cold_stream_starts_at_each_subscription()
    {
        // The strings line up column by column: '^' in the hot stream is the first column of the expectations.
        var trigger = _marbles.Hot("^-x---y----|");
        var inner = _marbles.Cold(   "a-b|");

        var result = _scheduler.Start(() => trigger.SelectMany(_ => inner));

        _marbles.ExpectMarbles(result,                "--a-b-a-b--|");
        _marbles.ExpectSubscriptions(inner.Subscriptions, "--^--!", "------^--!");
        _marbles.ExpectSubscriptions(trigger.Subscriptions, "^----------!");
    }

    [Fact]
    public void A_cold_stream_delivers_its_first_frame_at_the_subscription_tick()
    {
        var xs = _marbles.Cold("(ab)-c|");

        var result = _scheduler.Start(() => xs.Take(1));   // Take lets go during Subscribe itself

        _marbles.ExpectMarbles(result, "(a|)");
        _marbles.ExpectSubscriptions(xs.Subscriptions, "(^!)");
    }

    [Fact]
    public void Throttle_in_marbles()
    {
        var xs = _marbles.Hot("^-a-bc----d---|");

        var result = _scheduler.Start(() => xs.Throttle(_marbles.Frames(3), _scheduler));

        _marbles.ExpectMarbles(result, "--------c----d|");
        _marbles.ExpectSubscriptions(xs.Subscriptions, "^-------------!");
    }

    [Fact]
    public void Delay_in_marbles()
    {
        var xs = _marbles.Hot("^-a--b|");

        var result = _scheduler.Start(() => xs.Delay(_marbles.Frames(2), _scheduler));

        _marbles.ExpectMarbles(result, "----a--b|");
    }

    [Fact]
    public void Merge_in_marbles_keeps_same_frame_values_in_source_order()
    {
        var left = _marbles.Hot("^-a----c|");
        var right = _marbles.Hot("^-b---d--|");

        var result = _scheduler.Start(() => left.Merge(right));

        _marbles.ExpectMarbles(result, "--(ab)dc-|");
    }

    [Fact]
    public void Timeout_in_marbles_with_the_expected_error_type()
    {
        var xs = _marbles.Hot("^-a-----b|");

        var result = _scheduler.Start(() => xs.Timeout(_marbles.Frames(4), _scheduler));

        _marbles.ExpectMarbles(result, "--a---#", error: new TimeoutException());
        _marbles.ExpectSubscriptions(xs.Subscriptions, "^-----!");
    }

    [Fact]
    public void A_hash_in_a_stream_raises_the_given_error()
    {
        var boom = new InvalidOperationException("boom");
        var xs = _marbles.Cold("-a#", boom);

        var result = _scheduler.Start(() => xs);

        result.Messages.AssertEqual(OnNext(210, "a"), OnError<string>(220, boom));
    }

    [Fact]
    public void An_unexpected_error_type_is_a_mismatch()
    {
        var xs = _marbles.Hot("^-#", new InvalidOperationException("boom"));

        var result = _scheduler.Start(() => xs);

        _marbles.ExpectMarbles(result, "--#");
        var failure = Assert.Throws<MarbleMismatchException>(() => _marbles.ExpectMarbles(result, "--#", error: new TimeoutException()));
        Assert.Contains("same drawing: a value or an error differs", failure.Message);
        Assert.Contains("OnError(InvalidOperationException: boom)@220", failure.Message);
    }

    [Fact]
    public void Marbles_and_recorded_notifications_describe_the_same_timeline()
    {
        Assert.Equal(
            new[] { OnNext(210, "a"), OnNext(230, "b"), OnCompleted<string>(230) },
            _marbles.Messages<string>("-a-(b|)"));
    }

    [Fact]
    public void A_frame_length_and_origin_of_your_choice()
    {
        var scheduler = new TestScheduler();
        var marbles = new Marbles(scheduler, frameTicks: 1, origin: 0);

        Assert.Equal(new[] { OnNext(3, "a") }, marbles.Messages<string>("---a"));
    }

    [Fact]
    public void A_mismatch_draws_expected_above_actual_and_marks_the_first_difference()
    {
        var xs = _marbles.Hot("^-a--b|");
        var result = _scheduler.Start(() => xs);

        var failure = Assert.Throws<MarbleMismatchException>(() => _marbles.ExpectMarbles(result, "--a-b-|"));
        var lines = failure.Message.Split(Environment.NewLine);

        Assert.Equal("  expected: --a-b-|", lines[1]);
        Assert.Equal("  actual:   --a--b|", lines[2]);
        Assert.Equal("                ^ first difference", lines[3]);
        Assert.Contains("OnNext(b)@250", lines[5]);
    }

    [Fact]
    public void A_value_off_the_frame_grid_is_reported_not_rounded()
    {
        var result = _scheduler.Start(() => Observable.Return("a", _scheduler));   // arrives at 201

        var failure = Assert.Throws<MarbleMismatchException>(() => _marbles.ExpectMarbles(result, "(a|)"));

        Assert.Contains("cannot be drawn: something happens between frames", failure.Message);
        Assert.Contains("OnNext(a)@201", failure.Message);
    }

    [Fact]
    public void A_value_without_a_symbol_gets_a_letter_and_a_legend()
    {
        var xs = _marbles.Hot("^-a|");
        var result = _scheduler.Start(() => xs.Select(x => x + "!"));

        var failure = Assert.Throws<MarbleMismatchException>(() => _marbles.ExpectMarbles(result, "--a|"));

        Assert.Contains("actual:   --z|", failure.Message);
        Assert.Contains("where z = a!", failure.Message);
    }

    [Fact]
    public void Subscription_mismatch_draws_both()
    {
        var xs = _marbles.Hot("^---|");
        _scheduler.Start(() => xs.Select(x => x));   // an operator lets go of its source when it completes

        var failure = Assert.Throws<MarbleMismatchException>(() => _marbles.ExpectSubscriptions(xs.Subscriptions, "^--!"));

        Assert.Contains("^---!   (200, 240)", failure.Message);
        Assert.Contains("^--!   (200, 230)", failure.Message);
    }

    [Fact]
    public void A_symbol_missing_from_the_values_map_is_a_syntax_error_at_its_column()
    {
        var error = Assert.Throws<MarbleSyntaxException>(() => _marbles.Hot("--a-q", new Dictionary<char, int> { ['a'] = 1 }));

        Assert.Equal(5, error.Column);
        Assert.Contains("'q' has no entry", error.Message);
    }

    [Fact]
    public void A_hot_value_before_tick_0_is_refused()
    {
        var error = Assert.Throws<MarbleSyntaxException>(() => _marbles.Hot("a-{20}^"));

        Assert.Equal(1, error.Column);
        Assert.Contains("before the clock starts", error.Message);
    }
}
