using System.Reactive.Concurrency;
using System.Reactive.Disposables;
using System.Reactive.Linq;
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
    public static IObservable<Command?> LimitRate(this IObservable<Command?> commands, FloodLimits limits, IScheduler scheduler)
    {
        if (limits.IsOff) return commands;
        return Observable.Create<Command?>(observer =>
        {
            var bucket = new SchedulerTokenBucket(Math.Max(1, limits.BurstLines), limits.LinesPerSecond, scheduler);
            bool warned = false; // one "Slow down" per run of dropped lines, so warnings cannot flood either
            int dropped = 0;     // dropped lines not yet forgiven
            var subscription = commands.Subscribe(
                command =>
                {
                    if (bucket.IsFull) dropped = 0; // quiet long enough to refill: all is forgiven
                    using var lease = bucket.AttemptAcquire();
                    if (lease.IsAcquired)
                    {
                        warned = false;
                        observer.OnNext(command);
                        return;
                    }
                    dropped++;
                    if (!warned) observer.OnNext(new RefuseLine(SlowDown.Instance));
                    warned = true;
                    if (limits.DroppedLinesBeforeDisconnect > 0 && dropped >= limits.DroppedLinesBeforeDisconnect)
                    {
                        observer.OnNext(new RefuseLine(Flooding.Instance));
                        observer.OnError(new ConnectionAbortedException(
                            $"flooding: {dropped} lines dropped over {limits.LinesPerSecond} lines/s"));
                    }
                },
                observer.OnError,
                observer.OnCompleted);
            return new CompositeDisposable(subscription, bucket);
        });
    }
}
