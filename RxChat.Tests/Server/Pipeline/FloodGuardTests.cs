using RxChat.Tests.Support;
using RxChat.Tests.Testing;
using System.Reactive.Concurrency;
using System.Reactive.Disposables;
using System.Reactive.Subjects;
using RxChat.Server.Core;
using RxChat.Server.Pipeline;
using RxChat.Server.Transport;

namespace RxChat.Tests.Server.Pipeline;

/// <summary>
/// Flood control on virtual time: the token bucket reads the scheduler's clock, so "half a
/// second later" is a call to <c>AdvanceBy</c>, not a wait.
/// </summary>
public sealed class FloodGuardTests
{
    /// <summary>Bursts of 5, then 2 lines a second (one token every 500 ms); cut off at 4 dropped lines.</summary>
    private static readonly FloodLimits Small = new(LinesPerSecond: 2, BurstLines: 5, DroppedLinesBeforeDisconnect: 4);

    private sealed class Sender : IDisposable
    {
        private readonly Subject<Command?> _lines = new();
        private readonly IDisposable _subscription;

        public Sender(FloodLimits limits) =>
            _subscription = _lines.LimitRate(limits, Clock).Subscribe(Passed.Add, error => Error = error);

        public ChatTestScheduler Clock { get; } = new(new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero));
        public List<Command?> Passed { get; } = [];
        public Exception? Error { get; private set; }

        public void Says(params string[] texts) { foreach (var text in texts) _lines.OnNext(new Say(text)); }

        /// <summary>A blank line: it parses to nothing, but it still costs a token.</summary>
        public void SaysNothing() => _lines.OnNext(null);

        /// <summary>What the chat hears: the commands that passed, then the refusal the stream ended with, if any (as ConnectionCommands turns it into one).</summary>
        public IEnumerable<string?> Heard => Passed.Select(c => c switch { null => null, Say s => s.Text, RefuseLine r => "!" + Wording.Of(r.Why), _ => c.ToString() })
            .Concat(Error is RefusedException ended ? ["!" + Wording.Of(ended.Why)] : []);

        public void Dispose() => _subscription.Dispose();
    }

    [Fact]
    public void A_burst_within_the_bucket_passes_whole_and_in_order()
    {
        using var sender = new Sender(Small);
        sender.Says("1", "2", "3", "4", "5");
        Assert.Equal(["1", "2", "3", "4", "5"], sender.Heard);
        Assert.Null(sender.Error);
    }

    [Fact]
    public void Over_the_rate_the_sender_is_told_once_and_the_excess_is_dropped()
    {
        using var sender = new Sender(Small);
        sender.Says("1", "2", "3", "4", "5", "6", "7");
        Assert.Equal(["1", "2", "3", "4", "5", "!Slow down"], sender.Heard);
        Assert.Null(sender.Error);
    }

    [Fact]
    public void The_bucket_refills_at_the_rate_on_scheduler_time()
    {
        using var sender = new Sender(Small);
        sender.Says("1", "2", "3", "4", "5", "dropped");
        sender.Clock.AdvanceBy(TimeSpan.FromMilliseconds(499));
        sender.Says("still dropped");                  // 0.998 of a token
        sender.Clock.AdvanceBy(TimeSpan.FromMilliseconds(1));
        sender.Says("6", "dropped again");              // exactly one token: one line, then a new warning
        Assert.Equal(["1", "2", "3", "4", "5", "!Slow down", "6", "!Slow down"], sender.Heard);
        Assert.Null(sender.Error);
    }

    [Fact]
    public void A_long_silence_refills_the_bucket_only_up_to_the_burst()
    {
        using var sender = new Sender(Small);
        sender.Says("1", "2", "3", "4", "5");
        sender.Clock.AdvanceBy(TimeSpan.FromDays(3650));
        sender.Says("a", "b", "c", "d", "e", "f");
        Assert.Equal(["1", "2", "3", "4", "5", "a", "b", "c", "d", "e", "!Slow down"], sender.Heard);
    }

    [Fact]
    public void Normal_typing_never_meets_the_default_limit()
    {
        using var sender = new Sender(FloodLimits.Default);
        for (int i = 0; i < 10_000; i++)
        {
            sender.Says($"line {i}");
            sender.Clock.AdvanceBy(TimeSpan.FromMilliseconds(100)); // ten lines a second for almost three hours
        }
        Assert.Equal(Enumerable.Range(0, 10_000).Select(i => $"line {i}"), sender.Heard);
    }

    [Fact]
    public void The_default_lets_thousands_of_lines_through_at_once()
    {
        using var sender = new Sender(FloodLimits.Default);
        var lines = Enumerable.Range(0, FloodLimits.Default.BurstLines).Select(i => $"line {i}").ToArray();
        sender.Says(lines);
        Assert.Equal(lines, sender.Heard);
    }

    [Fact]
    public void Sustained_flooding_is_told_why_and_ends_the_stream()
    {
        using var sender = new Sender(Small);
        sender.Says("1", "2", "3", "4", "5", "x", "x", "x", "x", "never seen");
        Assert.Equal(["1", "2", "3", "4", "5", "!Slow down", "!" + Wording.Of(Flooding.Instance)], sender.Heard);
        var error = Assert.IsType<RefusedException>(sender.Error);
        Assert.StartsWith("flooding", error.Message);
    }

    [Fact]
    public void Going_just_a_little_over_the_rate_for_long_is_cut_off_too()
    {
        using var sender = new Sender(Small);
        int sent = 0;
        for (; sent < 1000 && sender.Error is null; sent++)
        {
            sender.Says($"line {sent}");
            sender.Clock.AdvanceBy(TimeSpan.FromMilliseconds(400)); // 2.5 lines a second against 2
        }
        Assert.IsType<RefusedException>(sender.Error);
        Assert.InRange(sent, 25, 100);
    }

    [Fact]
    public void A_sender_that_pauses_is_forgiven_its_dropped_lines()
    {
        using var sender = new Sender(Small);
        for (int burst = 0; burst < 20; burst++)
        {
            sender.Says("a", "b", "c", "d", "e", "x", "x", "x"); // three dropped each time, never four since a pause
            sender.Clock.AdvanceBy(TimeSpan.FromSeconds(2.5));    // time enough to refill the bucket
        }
        Assert.Null(sender.Error);
        Assert.Equal(100, sender.Passed.Count(c => c is Say));
        Assert.Equal(20, sender.Passed.Count(c => c is RefuseLine { Why: SlowDown }));
    }

    [Fact]
    public void Blank_lines_count_too_so_a_flood_of_newlines_is_not_free()
    {
        using var sender = new Sender(Small);
        for (int i = 0; i < 5; i++) sender.SaysNothing();
        sender.Says("dropped");
        for (int i = 0; i < 10; i++) sender.SaysNothing();
        Assert.Equal([null, null, null, null, null, "!Slow down", "!" + Wording.Of(Flooding.Instance)], sender.Heard);
        Assert.IsType<RefusedException>(sender.Error);
    }

    [Fact]
    public void Off_lets_everything_through()
    {
        using var sender = new Sender(FloodLimits.Off);
        sender.Says([.. Enumerable.Repeat("x", 50_000)]);
        Assert.Equal(50_000, sender.Passed.Count);
    }

    [Fact]
    public void A_wall_clock_stepping_back_does_not_stop_the_refills()
    {
        var clock = new SettableClock { Now = new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero) };
        using var bucket = new SchedulerTokenBucket(tokenLimit: 1, tokensPerSecond: 1, clock);
        Assert.True(bucket.AttemptAcquire().IsAcquired);
        clock.Now = clock.Now.AddHours(-1); // NTP corrected the clock
        Assert.False(bucket.AttemptAcquire().IsAcquired);
        clock.Now = clock.Now.AddSeconds(1);
        Assert.True(bucket.AttemptAcquire().IsAcquired);
    }

    /// <summary>A clock that can be set backwards, which no virtual-time scheduler allows.</summary>
    private sealed class SettableClock : IScheduler
    {
        public DateTimeOffset Now { get; set; }
        public IDisposable Schedule<TState>(TState state, Func<IScheduler, TState, IDisposable> action) => Disposable.Empty;
        public IDisposable Schedule<TState>(TState state, TimeSpan dueTime, Func<IScheduler, TState, IDisposable> action) => Disposable.Empty;
        public IDisposable Schedule<TState>(TState state, DateTimeOffset dueTime, Func<IScheduler, TState, IDisposable> action) => Disposable.Empty;
    }
}
