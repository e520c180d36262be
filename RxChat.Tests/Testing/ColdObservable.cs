using System.Reactive;
using System.Reactive.Disposables;

namespace RxChat.Tests.Testing;

/// <summary>
/// A cold observable: each subscriber gets its own playback of the notifications, timed
/// relative to the moment it subscribed. Created by <see cref="TestScheduler.CreateColdObservable{T}"/>.
/// </summary>
/// <remarks>
/// Each notification is scheduled relatively when a subscriber arrives. Because the
/// <see cref="TestScheduler"/> runs work due "now" one tick later, a notification at relative
/// time 0 arrives one tick after the subscription, exactly as in Microsoft.Reactive.Testing.
/// Disposing the subscription cancels the playback that has not happened yet.
/// </remarks>
internal sealed class ColdObservable<T> : ITestableObservable<T>
{
    private readonly TestScheduler _scheduler;
    private readonly List<Subscription> _subscriptions = new();
    private readonly Recorded<Notification<T>>[] _messages;
    private readonly bool _deliverTimeZeroOnSubscribe;

    public ColdObservable(TestScheduler scheduler, params Recorded<Notification<T>>[] messages)
        : this(scheduler, messages, deliverTimeZeroOnSubscribe: false) { }

    /// <param name="deliverTimeZeroOnSubscribe">Deliver notifications at relative time 0 inside
    /// <c>Subscribe</c>, like a synchronous source, instead of one tick later. Marble cold streams
    /// use it so that frame 0 stays on the frame grid.</param>
    public ColdObservable(TestScheduler scheduler, Recorded<Notification<T>>[] messages, bool deliverTimeZeroOnSubscribe)
    {
        _scheduler = scheduler;
        _messages = messages;
        _deliverTimeZeroOnSubscribe = deliverTimeZeroOnSubscribe;
    }

    public IList<Subscription> Subscriptions => _subscriptions;

    public IList<Recorded<Notification<T>>> Messages => _messages;

    public IDisposable Subscribe(IObserver<T> observer)
    {
        ArgumentNullException.ThrowIfNull(observer);

        _subscriptions.Add(new Subscription(_scheduler.Clock));
        var index = _subscriptions.Count - 1;
        var playback = new CompositeDisposable();

        foreach (var message in _messages)
        {
            var notification = message.Value;
            if (_deliverTimeZeroOnSubscribe && message.Time == 0)
            {
                notification.Accept(observer);
                continue;
            }
            playback.Add(_scheduler.ScheduleRelative(default(object), message.Time, (_, _) =>
            {
                notification.Accept(observer);
                return Disposable.Empty;
            }));
        }

        return Disposable.Create(() =>
        {
            _subscriptions[index] = new Subscription(_subscriptions[index].Subscribe, _scheduler.Clock);
            playback.Dispose();
        });
    }
}
