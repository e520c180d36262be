using System.Reactive;

namespace RxChat.Tests.Testing;

/// <summary>
/// An expected notification that matches actual ones by a predicate instead of by value:
/// for values that have no useful equality (exceptions, generated ids). Only meant for the
/// expected side of a comparison; it cannot be replayed to an observer.
/// </summary>
internal abstract class PredicateNotification<T> : Notification<T>
{
    public override T Value => throw new NotSupportedException("A predicate notification only matches; it has no value.");

    public override bool HasValue => false;

    public override Exception? Exception => null;

    public override bool Equals(Notification<T>? other) => other is not null && Matches(other);

    public override bool Equals(object? obj) => obj is Notification<T> other && Equals(other);

    public override int GetHashCode() => (int)Kind;

    protected abstract bool Matches(Notification<T> actual);

    public override void Accept(IObserver<T> observer) => throw NotReplayable();

    public override TResult Accept<TResult>(IObserver<T, TResult> observer) => throw NotReplayable();

    public override void Accept(Action<T> onNext, Action<Exception> onError, Action onCompleted) => throw NotReplayable();

    public override TResult Accept<TResult>(Func<T, TResult> onNext, Func<Exception, TResult> onError, Func<TResult> onCompleted) =>
        throw NotReplayable();

    private static NotSupportedException NotReplayable() =>
        new("A predicate notification is an expectation; it cannot be sent to an observer.");
}

/// <summary>Matches any OnNext whose value satisfies the predicate.</summary>
internal sealed class OnNextPredicate<T>(Func<T, bool> predicate) : PredicateNotification<T>
{
    public override NotificationKind Kind => NotificationKind.OnNext;

    protected override bool Matches(Notification<T> actual) =>
        actual.Kind == NotificationKind.OnNext && predicate(actual.Value);

    public override string ToString() => "OnNext(<predicate>)";
}

/// <summary>Matches any OnError whose exception satisfies the predicate.</summary>
internal sealed class OnErrorPredicate<T>(Func<Exception, bool> predicate) : PredicateNotification<T>
{
    public override NotificationKind Kind => NotificationKind.OnError;

    protected override bool Matches(Notification<T> actual) =>
        actual.Kind == NotificationKind.OnError && predicate(actual.Exception!);

    public override string ToString() => "OnError(<predicate>)";
}
