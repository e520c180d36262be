using System.Reactive;

namespace RxChat.Tests.Testing;

/// <summary>
/// An observable that plays back a fixed list of timed notifications and logs every
/// subscription made to it.
/// </summary>
public interface ITestableObservable<T> : IObservable<T>
{
    /// <summary>Every subscription made so far, in the order they were made; a disposed
    /// subscription has its unsubscribe time filled in.</summary>
    IList<Subscription> Subscriptions { get; }

    /// <summary>The notifications this observable produces, with their times (absolute for a
    /// hot observable, relative to each subscription for a cold one).</summary>
    IList<Recorded<Notification<T>>> Messages { get; }
}
