using System.Reactive;
using System.Reactive.Disposables;

namespace RxChat.Tests.Testing;

/// <summary>
/// A hot observable: its notifications happen at fixed absolute virtual times whether or not
/// anyone listens, and each subscriber sees only those after it subscribed.
/// Created by <see cref="TestScheduler.CreateHotObservable{T}"/>.
/// </summary>
/// <remarks>
/// All notifications are put on the scheduler when the observable is created, so at equal
/// times they run before work scheduled later (for example a subscription made by
/// <see cref="TestScheduler.Start{T}(Func{IObservable{T}})"/> at the same tick): a value at the
/// exact subscription tick is missed, as with Microsoft.Reactive.Testing.
/// </remarks>
internal sealed class HotObservable<T> : ITestableObservable<T>
{
    private readonly TestScheduler _scheduler;
    private readonly List<IObserver<T>> _observers = new();
    private readonly List<Subscription> _subscriptions = new();
    private readonly Recorded<Notification<T>>[] _messages;

    public HotObservable(TestScheduler scheduler, params Recorded<Notification<T>>[] messages)
    {
        _scheduler = scheduler;
        _messages = messages;

        foreach (var message in messages)
        {
            var notification = message.Value;
            scheduler.ScheduleAbsolute(default(object), message.Time, (_, _) =>
            {
                // A copy, because an observer may unsubscribe (or subscribe another) while notified.
                foreach (var observer in _observers.ToArray())
                {
                    notification.Accept(observer);
                }
                return Disposable.Empty;
            });
        }
    }

    public IList<Subscription> Subscriptions => _subscriptions;

    public IList<Recorded<Notification<T>>> Messages => _messages;

    public IDisposable Subscribe(IObserver<T> observer)
    {
        ArgumentNullException.ThrowIfNull(observer);

        _observers.Add(observer);
        _subscriptions.Add(new Subscription(_scheduler.Clock));
        var index = _subscriptions.Count - 1;

        return Disposable.Create(() =>
        {
            _observers.Remove(observer);
            _subscriptions[index] = new Subscription(_subscriptions[index].Subscribe, _scheduler.Clock);
        });
    }
}
