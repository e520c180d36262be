using System.Reactive.Concurrency;

namespace RxChat.Tests.Testing;

/// <summary>
/// Microsoft.Reactive.Testing's <see cref="TestScheduler"/> with the two things the chat's
/// pipeline tests need on top of it: a clock that reads as a chosen wall-clock date, and a
/// view of the clock as the fold's worker (<see cref="AsWorker"/>). Everything else — the
/// queue, <c>Start</c>, hot and cold observables, the "Clock + 1" rule — is the package's.
/// </summary>
/// <remarks>
/// Ticks stay ticks counted from 0 (so marbles and <c>Start</c>'s 100/200/1000 read as usual);
/// only <see cref="IScheduler.Now"/> is shifted: <see cref="Epoch"/> plus the clock. The
/// package's own scheduler reads tick 0 as 0001-01-01, which is too close to
/// <see cref="DateTimeOffset.MinValue"/> for a chat that subtracts timeouts from "now".
/// </remarks>
public sealed class ChatTestScheduler : TestScheduler
{
    private IScheduler? _asWorker;

    /// <summary>A scheduler whose <c>Now</c> is <paramref name="epoch"/> plus the clock, in
    /// <paramref name="epoch"/>'s offset.</summary>
    public ChatTestScheduler(DateTimeOffset epoch) => Epoch = epoch;

    /// <summary>The wall-clock time at tick 0.</summary>
    public DateTimeOffset Epoch { get; }

    /// <summary><see cref="Epoch"/> plus <paramref name="absolute"/> ticks.</summary>
    protected override DateTimeOffset ToDateTimeOffset(long absolute) => Epoch.AddTicks(absolute);

    /// <summary>
    /// This scheduler seen by a worker that picks up what is queued as soon as it is free —
    /// the chat's fold thread: work scheduled for now runs at the current tick, after what is
    /// already due at it, instead of at <c>Clock + 1</c>. Timed work is scheduled as usual.
    /// </summary>
    /// <remarks>
    /// Why: the package's <see cref="TestScheduler.ScheduleAbsolute{TState}"/> moves anything due
    /// now or earlier to <c>Clock + 1</c>. Folding on the scheduler itself would therefore answer
    /// every line one tick late, off the marble grid, and split what arrives in one moment into
    /// separate runs. A real fold thread does neither.
    /// </remarks>
    public IScheduler AsWorker => _asWorker ??= new Worker(this);

    /// <summary>
    /// Queues <paramref name="action"/> at the current tick, behind what is already queued there.
    /// The package offers no way around its Clock + 1 rule, so the clock is stepped back one tick
    /// for the duration of the call: the rule then sees a future due time and queues it as is.
    /// Nothing runs meanwhile (queuing runs no work), so no one can read the stepped-back clock.
    /// </summary>
    private IDisposable ScheduleAtClock<TState>(TState state, Func<IScheduler, TState, IDisposable> action)
    {
        var now = Clock;
        Clock = now - 1;
        try
        {
            return ScheduleAbsolute(state, now, action);
        }
        finally
        {
            Clock = now;
        }
    }

    private sealed class Worker(ChatTestScheduler clock) : IScheduler
    {
        public DateTimeOffset Now => clock.Now;

        public IDisposable Schedule<TState>(TState state, Func<IScheduler, TState, IDisposable> action) =>
            clock.ScheduleAtClock(state, action);

        public IDisposable Schedule<TState>(TState state, TimeSpan dueTime, Func<IScheduler, TState, IDisposable> action) =>
            dueTime <= TimeSpan.Zero ? clock.ScheduleAtClock(state, action) : clock.Schedule(state, dueTime, action);

        public IDisposable Schedule<TState>(TState state, DateTimeOffset dueTime, Func<IScheduler, TState, IDisposable> action) =>
            clock.Schedule(state, dueTime, action);
    }
}
