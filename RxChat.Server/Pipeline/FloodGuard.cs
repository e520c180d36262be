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
/// (<see cref="Refused"/>), so it reaches the sender in order with everything else.
/// </summary>
public static class FloodGuard
{
    public const string SlowDown = "Slow down";
    public const string Flooding = "Too many lines: disconnected";

    /// <summary>
    /// Lets commands through at the rate <paramref name="limits"/> allow, timed by
    /// <paramref name="scheduler"/>. The first dropped command of a run is answered with
    /// <c>Slow down</c>; after <see cref="FloodLimits.DroppedLinesBeforeDisconnect"/> dropped in
    /// a row (0: never) the sender hears why and the stream fails, which disconnects it.
    /// </summary>
    public static IObservable<Command> LimitRate(this IObservable<Command> commands, FloodLimits limits, IScheduler scheduler)
    {
        if (limits.IsOff) return commands;
        return Observable.Create<Command>(observer =>
        {
            var bucket = new FloodBucket(limits, scheduler.Now);
            int droppedInARow = 0;
            var subscription = commands.Subscribe(
                command =>
                {
                    if (bucket.TryTake(scheduler.Now))
                    {
                        droppedInARow = 0;
                        observer.OnNext(command);
                        return;
                    }
                    droppedInARow++;
                    if (droppedInARow == 1) observer.OnNext(new Refused(SlowDown));
                    if (limits.DroppedLinesBeforeDisconnect > 0 && droppedInARow >= limits.DroppedLinesBeforeDisconnect)
                    {
                        observer.OnNext(new Refused(Flooding));
                        observer.OnError(new ConnectionAbortedException(
                            $"flooding: {droppedInARow} lines in a row over {limits.LinesPerSecond} lines/s"));
                    }
                },
                observer.OnError,
                observer.OnCompleted);
            return new CompositeDisposable(subscription, bucket);
        });
    }
}
