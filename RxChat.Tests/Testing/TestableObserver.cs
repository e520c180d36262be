using System.Reactive;

namespace RxChat.Tests.Testing;

/// <summary>
/// Records each notification with the scheduler's clock at the moment it arrives.
/// Created by <see cref="TestScheduler.CreateObserver{T}"/>.
/// </summary>
/// <remarks>
/// It records whatever it is given, including notifications after a terminal one: checking the
/// Rx grammar is the job of the test's expectations, not of the recorder.
/// </remarks>
internal sealed class TestableObserver<T> : ITestableObserver<T>
{
    private readonly TestScheduler _scheduler;
    private readonly List<Recorded<Notification<T>>> _messages = new();

    public TestableObserver(TestScheduler scheduler) => _scheduler = scheduler;

    public IList<Recorded<Notification<T>>> Messages => _messages;

    public void OnNext(T value) => Record(Notification.CreateOnNext(value));

    public void OnError(Exception error) => Record(Notification.CreateOnError<T>(error));

    public void OnCompleted() => Record(Notification.CreateOnCompleted<T>());

    private void Record(Notification<T> notification) =>
        _messages.Add(new Recorded<Notification<T>>(_scheduler.Clock, notification));
}
