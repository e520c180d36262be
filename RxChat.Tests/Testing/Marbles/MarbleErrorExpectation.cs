using System.Reactive;

namespace RxChat.Tests.Testing.Marbles;

/// <summary>
/// What <c>#</c> stands for in an expected timeline: an OnError whose exception satisfies a
/// predicate. Only for the expected side of a comparison; it cannot be replayed.
/// </summary>
/// <remarks>
/// The package's <see cref="ReactiveTest.OnError{T}(long, Func{Exception, bool})"/> matches the
/// same way, but its notification throws when asked its <see cref="Notification{T}.Kind"/>, so a
/// mismatch report could not draw it as <c>#</c>. This one knows it is an error.
/// </remarks>
internal sealed class MarbleErrorExpectation<T>(Func<Exception, bool> matches) : Notification<T>
{
    public override NotificationKind Kind => NotificationKind.OnError;

    public override T Value => throw new NotSupportedException("An expected error has no value.");

    public override bool HasValue => false;

    public override Exception? Exception => null;

    public override bool Equals(Notification<T>? other) =>
        other is not null && other.Kind == NotificationKind.OnError && matches(other.Exception!);

    public override bool Equals(object? obj) => obj is Notification<T> other && Equals(other);

    public override int GetHashCode() => (int)NotificationKind.OnError;

    public override string ToString() => "OnError(<expected>)";

    public override void Accept(IObserver<T> observer) => throw NotReplayable();

    public override TResult Accept<TResult>(IObserver<T, TResult> observer) => throw NotReplayable();

    public override void Accept(Action<T> onNext, Action<Exception> onError, Action onCompleted) => throw NotReplayable();

    public override TResult Accept<TResult>(Func<T, TResult> onNext, Func<Exception, TResult> onError, Func<TResult> onCompleted) =>
        throw NotReplayable();

    private static NotSupportedException NotReplayable() =>
        new("An expected error is an expectation; it cannot be sent to an observer.");
}
