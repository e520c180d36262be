using System.Reactive;
using System.Reactive.Concurrency;
using RxChat.Server.Core;
using RxChat.Server.Transport;

namespace RxChat.Server.Pipeline;

/// <summary>
/// Flood control as one per-connection stage of <see cref="ConnectionCommands"/>: commands
/// over the connection's rate are dropped before they reach the merged stream, so a flooder
/// costs the chat nothing but its own warning. The warning is itself a command
/// (<see cref="RefuseLine"/>), so it reaches the sender in order with everything else.
/// </summary>
public static class FloodGuard
{
    /// <summary>
    /// Lets commands through at the rate <paramref name="limits"/> allow, timed by
    /// <paramref name="scheduler"/>. The first dropped command of a run is answered with
    /// <c>Slow down</c>. Dropped commands add up until the sender has been quiet long enough
    /// for its bucket to refill completely; at <see cref="FloodLimits.DroppedLinesBeforeDisconnect"/>
    /// (0: never) the sender hears why and the stream fails, which disconnects it. So a sender
    /// that keeps going over the rate, by however little, is cut off; one that pauses is not.
    /// </summary>
    /// <param name="commands">One per line received; null for a line that says nothing (blank), which still counts.</param>
    public static IObservable<Command?> LimitRate(this IObservable<Command?> commands, FloodLimits limits, IScheduler scheduler) =>
        limits.IsOff ? commands : new Guarded(commands, limits, scheduler);

    /// <summary>
    /// The operator itself. Every connection holds one for as long as it is open, so it is a
    /// single observer with its bucket rather than <c>Observable.Create</c>'s closures,
    /// delegates and disposables (bench/README.md, "Memory per idle connection").
    /// </summary>
    private sealed class Guarded(IObservable<Command?> commands, FloodLimits limits, IScheduler scheduler) : IObservable<Command?>
    {
        public IDisposable Subscribe(IObserver<Command?> observer) => commands.Subscribe(new Guard(observer, limits, scheduler));
    }

    /// <summary>One subscription's bucket and count; <see cref="ObserverBase{T}"/> keeps it silent once it has ended.</summary>
    private sealed class Guard(IObserver<Command?> observer, FloodLimits limits, IScheduler scheduler) : ObserverBase<Command?>
    {
        private readonly SchedulerTokenBucket _bucket = new(Math.Max(1, limits.BurstLines), limits.LinesPerSecond, scheduler);
        private bool _warned; // one "Slow down" per run of dropped lines, so warnings cannot flood either
        private int _dropped; // dropped lines not yet forgiven

        protected override void OnNextCore(Command? command)
        {
            if (_bucket.IsFull) _dropped = 0; // quiet long enough to refill: all is forgiven
            using var lease = _bucket.AttemptAcquire();
            if (lease.IsAcquired)
            {
                _warned = false;
                observer.OnNext(command);
                return;
            }
            _dropped++;
            if (!_warned) observer.OnNext(new RefuseLine(SlowDown.Instance));
            _warned = true;
            if (limits.DroppedLinesBeforeDisconnect > 0 && _dropped >= limits.DroppedLinesBeforeDisconnect)
            {
                // The refusal ends the connection (Refusal.EndsConnection): the chat hears it,
                // then the end, from the one place every closing refusal goes through.
                OnError(new RefusedException(Flooding.Instance,
                    $"flooding: {_dropped} lines dropped over {limits.LinesPerSecond} lines/s"));
            }
        }

        protected override void OnErrorCore(Exception error) => observer.OnError(error);
        protected override void OnCompletedCore() => observer.OnCompleted();
    }
}
