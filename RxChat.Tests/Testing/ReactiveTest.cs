using System.Reactive;

namespace RxChat.Tests.Testing;

/// <summary>
/// The vocabulary of virtual-time tests: the default times used by
/// <see cref="TestScheduler.Start{T}(Func{IObservable{T}})"/> and factory methods for timed
/// notifications and subscriptions. Inherit from it, or <c>using static</c> it, so a test reads
/// as a timeline: <c>OnNext(210, 1), OnCompleted&lt;int&gt;(250)</c>.
/// </summary>
public class ReactiveTest
{
    /// <summary>Default virtual time at which <c>Start</c> calls the factory: 100.</summary>
    public const long Created = 100;

    /// <summary>Default virtual time at which <c>Start</c> subscribes: 200.</summary>
    public const long Subscribed = 200;

    /// <summary>Default virtual time at which <c>Start</c> disposes the subscription: 1000.</summary>
    public const long Disposed = 1000;

    /// <summary>An OnNext of <paramref name="value"/> at <paramref name="ticks"/>.</summary>
    public static Recorded<Notification<T>> OnNext<T>(long ticks, T value) =>
        new(ticks, Notification.CreateOnNext(value));

    /// <summary>An expected OnNext at <paramref name="ticks"/> whose value satisfies
    /// <paramref name="predicate"/>; only for the expected side of a comparison.</summary>
    public static Recorded<Notification<T>> OnNext<T>(long ticks, Func<T, bool> predicate)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        return new(ticks, new OnNextPredicate<T>(predicate));
    }

    /// <summary>An OnCompleted at <paramref name="ticks"/>.</summary>
    public static Recorded<Notification<T>> OnCompleted<T>(long ticks) =>
        new(ticks, Notification.CreateOnCompleted<T>());

    /// <summary>An OnCompleted at <paramref name="ticks"/>; <paramref name="witness"/> only lets
    /// the compiler infer <typeparamref name="T"/> (for anonymous types).</summary>
    public static Recorded<Notification<T>> OnCompleted<T>(long ticks, T witness) => OnCompleted<T>(ticks);

    /// <summary>An OnError with <paramref name="exception"/> at <paramref name="ticks"/>. Rx compares
    /// exceptions by reference: expect the very instance the source produced.</summary>
    public static Recorded<Notification<T>> OnError<T>(long ticks, Exception exception) =>
        new(ticks, Notification.CreateOnError<T>(exception));

    /// <summary>An expected OnError at <paramref name="ticks"/> whose exception satisfies
    /// <paramref name="predicate"/> (for exceptions the operator creates itself, such as Timeout's).</summary>
    public static Recorded<Notification<T>> OnError<T>(long ticks, Func<Exception, bool> predicate)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        return new(ticks, new OnErrorPredicate<T>(predicate));
    }

    /// <summary>An OnError at <paramref name="ticks"/>; <paramref name="witness"/> only infers <typeparamref name="T"/>.</summary>
    public static Recorded<Notification<T>> OnError<T>(long ticks, Exception exception, T witness) =>
        OnError<T>(ticks, exception);

    /// <summary>A subscription made at <paramref name="start"/> and disposed at <paramref name="end"/>.</summary>
    public static Subscription Subscribe(long start, long end) => new(start, end);

    /// <summary>A subscription made at <paramref name="start"/> and never disposed.</summary>
    public static Subscription Subscribe(long start) => new(start);
}
