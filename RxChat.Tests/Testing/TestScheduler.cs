using System.Reactive.Concurrency;
using System.Reactive.Disposables;
using System.Reactive;

namespace RxChat.Tests.Testing;

/// <summary>
/// A virtual-time scheduler for testing Rx queries, equivalent to Microsoft.Reactive.Testing's
/// <c>TestScheduler</c>: time only moves when the test says so (<see cref="VirtualTimeSchedulerBase{TAbsolute,TRelative}.Start()"/>,
/// <see cref="VirtualTimeSchedulerBase{TAbsolute,TRelative}.AdvanceBy"/>, <see cref="VirtualTimeSchedulerBase{TAbsolute,TRelative}.AdvanceTo"/>),
/// so a test of timeouts, throttling or timestamps is exact and instant.
/// </summary>
/// <remarks>
/// <para>The clock counts ticks; one tick is one <see cref="TimeSpan"/> tick, so
/// <c>TimeSpan.FromTicks(20)</c> passed to an operator means 20 virtual ticks.</para>
/// <para><see cref="IScheduler.Now"/> is <see cref="Epoch"/> plus the clock. The default epoch is
/// 0001-01-01T00:00:00+00:00, as in Microsoft.Reactive.Testing; pass another to make
/// <c>Now</c> read as a chosen wall-clock date (a chat scenario that starts at 23:59:50).</para>
/// <para>Work scheduled for the current tick or the past runs one tick later (at
/// <c>Clock + 1</c>). This is Microsoft.Reactive.Testing's rule and the reason its documented
/// timelines show <c>Observable.Return(42, scheduler)</c> subscribed at 200 producing at 201.
/// Work due at equal times runs in the order it was scheduled.</para>
/// <para>Not thread-safe: a virtual-time test runs on the thread that drives the clock.</para>
/// </remarks>
public class TestScheduler : VirtualTimeScheduler<long, long>
{
    /// <summary>A scheduler whose <c>Now</c> is 0001-01-01T00:00:00+00:00 plus the clock.</summary>
    public TestScheduler() : this(new DateTimeOffset(0, TimeSpan.Zero)) { }

    /// <summary>A scheduler whose <c>Now</c> is <paramref name="epoch"/> plus the clock, in
    /// <paramref name="epoch"/>'s offset.</summary>
    public TestScheduler(DateTimeOffset epoch) => Epoch = epoch;

    /// <summary>The wall-clock time at tick 0.</summary>
    public DateTimeOffset Epoch { get; }

    /// <summary>Schedules <paramref name="action"/> at <paramref name="dueTime"/>, or at
    /// <c>Clock + 1</c> if that time is not in the future.</summary>
    public override IDisposable ScheduleAbsolute<TState>(TState state, long dueTime, Func<IScheduler, TState, IDisposable> action)
    {
        if (dueTime <= Clock)
        {
            dueTime = Clock + 1;
        }
        return base.ScheduleAbsolute(state, dueTime, action);
    }

    /// <summary>
    /// This scheduler seen by a worker that picks up what is queued as soon as it is free —
    /// the chat's fold thread: work scheduled for now runs at the current tick, after what is
    /// already due at it, instead of at <c>Clock + 1</c>. Timed work is scheduled as usual.
    /// </summary>
    public IScheduler AsWorker => _asWorker ??= new Worker(this);
    private IScheduler? _asWorker;

    private sealed class Worker(TestScheduler clock) : IScheduler
    {
        public DateTimeOffset Now => clock.Now;

        public IDisposable Schedule<TState>(TState state, Func<IScheduler, TState, IDisposable> action) =>
            clock.ScheduleAtClock(state, action);

        public IDisposable Schedule<TState>(TState state, TimeSpan dueTime, Func<IScheduler, TState, IDisposable> action) =>
            dueTime <= TimeSpan.Zero ? clock.ScheduleAtClock(state, action) : clock.Schedule(state, dueTime, action);

        public IDisposable Schedule<TState>(TState state, DateTimeOffset dueTime, Func<IScheduler, TState, IDisposable> action) =>
            clock.Schedule(state, dueTime, action);
    }

    private IDisposable ScheduleAtClock<TState>(TState state, Func<IScheduler, TState, IDisposable> action) =>
        base.ScheduleAbsolute(state, Clock, action);

    /// <summary>Adds a relative time to an absolute one (both in ticks).</summary>
    protected override long Add(long absolute, long relative) => absolute + relative;

    /// <summary><see cref="Epoch"/> plus <paramref name="absolute"/> ticks.</summary>
    protected override DateTimeOffset ToDateTimeOffset(long absolute) => Epoch.AddTicks(absolute);

    /// <summary>The ticks of <paramref name="timeSpan"/>.</summary>
    protected override long ToRelative(TimeSpan timeSpan) => timeSpan.Ticks;

    /// <summary>
    /// Runs a whole test: at <paramref name="created"/> calls <paramref name="create"/>, at
    /// <paramref name="subscribed"/> subscribes a recording observer to what it returned, at
    /// <paramref name="disposed"/> disposes that subscription, and runs the clock until no work is left.
    /// </summary>
    /// <returns>The observer, whose <see cref="ITestableObserver{T}.Messages"/> hold every
    /// notification received between subscription and disposal.</returns>
    public ITestableObserver<T> Start<T>(Func<IObservable<T>> create, long created, long subscribed, long disposed)
    {
        ArgumentNullException.ThrowIfNull(create);

        IObservable<T>? source = null;
        IDisposable? subscription = null;
        var observer = CreateObserver<T>();

        ScheduleAbsolute(default(object), created, (_, _) => { source = create(); return Disposable.Empty; });
        ScheduleAbsolute(default(object), subscribed, (_, _) => { subscription = source!.Subscribe(observer); return Disposable.Empty; });
        ScheduleAbsolute(default(object), disposed, (_, _) => { subscription!.Dispose(); return Disposable.Empty; });

        Start();
        return observer;
    }

    /// <summary>As <see cref="Start{T}(Func{IObservable{T}}, long, long, long)"/> with creation at
    /// <see cref="ReactiveTest.Created"/> and subscription at <see cref="ReactiveTest.Subscribed"/>.</summary>
    public ITestableObserver<T> Start<T>(Func<IObservable<T>> create, long disposed) =>
        Start(create, ReactiveTest.Created, ReactiveTest.Subscribed, disposed);

    /// <summary>As <see cref="Start{T}(Func{IObservable{T}}, long, long, long)"/> with the default
    /// times 100 (created), 200 (subscribed) and 1000 (disposed).</summary>
    public ITestableObserver<T> Start<T>(Func<IObservable<T>> create) =>
        Start(create, ReactiveTest.Created, ReactiveTest.Subscribed, ReactiveTest.Disposed);

    /// <summary>
    /// A hot observable that produces <paramref name="messages"/> at their absolute times to
    /// whoever is subscribed then, and logs its subscriptions.
    /// </summary>
    public ITestableObservable<T> CreateHotObservable<T>(params Recorded<Notification<T>>[] messages)
    {
        ArgumentNullException.ThrowIfNull(messages);
        return new HotObservable<T>(this, messages);
    }

    /// <summary>
    /// A cold observable that plays <paramref name="messages"/> to each subscriber, their times
    /// taken relative to that subscription, and logs its subscriptions.
    /// </summary>
    public ITestableObservable<T> CreateColdObservable<T>(params Recorded<Notification<T>>[] messages)
    {
        ArgumentNullException.ThrowIfNull(messages);
        return new ColdObservable<T>(this, messages);
    }

    /// <summary>An observer that records each notification with the clock at which it arrived.</summary>
    public ITestableObserver<T> CreateObserver<T>() => new TestableObserver<T>(this);
}
