using System.Reactive;
using System.Reactive.Disposables;

namespace RxChat.Tests.Testing.Marbles;

/// <summary>
/// A marble cold stream: each subscriber gets its own playback, timed relative to the moment
/// it subscribed, and every subscription is logged like the package's cold observables'.
/// </summary>
/// <remarks>
/// The one difference from <see cref="TestScheduler.CreateColdObservable{T}"/>: notifications at
/// relative time 0 are delivered inside <c>Subscribe</c>, as a synchronous source would deliver
/// them. The package schedules them "now", which its Clock + 1 rule turns into one tick after
/// the subscription — off the frame grid, so a marble <c>"a|"</c> could never be drawn back.
/// Disposing the subscription cancels the playback that has not happened yet.
/// </remarks>
internal sealed class MarbleColdObservable<T>(TestScheduler scheduler, Recorded<Notification<T>>[] messages) : ITestableObservable<T>
{
    private readonly List<Subscription> _subscriptions = new();

    public IList<Subscription> Subscriptions => _subscriptions;

    public IList<Recorded<Notification<T>>> Messages => messages;

    public IDisposable Subscribe(IObserver<T> observer)
    {
        ArgumentNullException.ThrowIfNull(observer);

        _subscriptions.Add(new Subscription(scheduler.Clock));
        var index = _subscriptions.Count - 1;
        var playback = new CompositeDisposable();

        foreach (var message in messages)
        {
            var notification = message.Value;
            if (message.Time == 0)
            {
                notification.Accept(observer);
                continue;
            }
            playback.Add(scheduler.ScheduleRelative(default(object), message.Time, (_, _) =>
            {
                notification.Accept(observer);
                return Disposable.Empty;
            }));
        }

        return Disposable.Create(() =>
        {
            _subscriptions[index] = new Subscription(_subscriptions[index].Subscribe, scheduler.Clock);
            playback.Dispose();
        });
    }
}
