using System.Reactive;

namespace RxChat.Tests.Testing.Marbles;

/// <summary>
/// Marble diagrams on a <see cref="TestScheduler"/>: build hot and cold observables from strings
/// such as <c>"--a--b|"</c> and assert results and subscriptions as strings.
/// </summary>
/// <remarks>
/// <para><b>Time.</b> One frame (one character) is <see cref="FrameTicks"/> ticks, 10 by default.
/// Frame 0 is tick <see cref="Origin"/>, 200 by default: the moment
/// <see cref="TestScheduler.Start{T}(Func{IObservable{T}})"/> subscribes. So a hot stream's
/// <c>^</c>, the first character of an expectation and the first character of a subscription
/// marble all mean "when the test subscribed". Ten ticks per frame (not one, as in RxJS's run
/// mode) keeps the scheduler's one-tick delay for work due "now" visible: such a value lands
/// between frames and is reported, instead of silently passing for "the next frame".</para>
/// <para><b>Syntax</b> (single stream): <c>-</c> one frame; <c>-{n}</c> n frames; a letter or digit is
/// a value; <c>|</c> completion; <c>#</c> error; <c>(ab)</c> several notifications in the frame of
/// the <c>(</c> (the group still occupies one frame per character, as in RxJS); <c>^</c> frame 0
/// of a hot stream or an expectation; spaces are ignored. Subscriptions: <c>^</c> subscribe,
/// <c>!</c> unsubscribe, <c>(^!)</c> both in one frame.</para>
/// <para><b>Values.</b> Without a map a symbol is the one-character string (or char) it shows.
/// With a map, each symbol must have an entry.</para>
/// <para><b>Errors.</b> <c>#</c> in a hot or cold stream raises the given exception, or a new
/// <see cref="MarbleErrorException"/> ("error"). In an expectation, <c>#</c> matches any exception when none is given,
/// otherwise one of the same type with the same message.</para>
/// </remarks>
public sealed class Marbles
{
    /// <summary>Ticks per frame unless another is given: 10.</summary>
    public const long DefaultFrameTicks = 10;

    /// <summary>Marbles on <paramref name="scheduler"/> with <paramref name="frameTicks"/> ticks per
    /// frame and frame 0 at tick <paramref name="origin"/>.</summary>
    public Marbles(TestScheduler scheduler, long frameTicks = DefaultFrameTicks, long origin = ReactiveTest.Subscribed)
    {
        ArgumentNullException.ThrowIfNull(scheduler);
        ArgumentOutOfRangeException.ThrowIfLessThan(frameTicks, 1);
        Scheduler = scheduler;
        FrameTicks = frameTicks;
        Origin = origin;
    }

    /// <summary>The scheduler the streams play on.</summary>
    public TestScheduler Scheduler { get; }

    /// <summary>Ticks per frame.</summary>
    public long FrameTicks { get; }

    /// <summary>The tick of frame 0.</summary>
    public long Origin { get; }

    /// <summary>The duration of <paramref name="frames"/> frames, for operators' due times:
    /// <c>Throttle(marbles.Frames(2), scheduler)</c>.</summary>
    public TimeSpan Frames(long frames) => TimeSpan.FromTicks(frames * FrameTicks);

    /// <summary>The absolute tick of <paramref name="frame"/>.</summary>
    public long TickOf(long frame) => Origin + frame * FrameTicks;

    /// <summary>A hot stream of one-character strings drawn by <paramref name="marbles"/>.</summary>
    /// <exception cref="MarbleSyntaxException">The string is malformed, or a notification would fall before tick 0.</exception>
    public ITestableObservable<string> Hot(string marbles, Exception? error = null) =>
        Hot<string>(marbles, null, error);

    /// <summary>A hot stream whose symbols stand for the entries of <paramref name="values"/>.</summary>
    /// <exception cref="MarbleSyntaxException">The string is malformed, a symbol is not in the map, or a
    /// notification would fall before tick 0.</exception>
    public ITestableObservable<T> Hot<T>(string marbles, IReadOnlyDictionary<char, T>? values, Exception? error = null)
    {
        var messages = Timeline(marbles, allowSubscriptionPoint: true, values, Source<T>(error), origin: Origin);
        return Scheduler.CreateHotObservable(messages);
    }

    /// <summary>A cold stream of one-character strings drawn by <paramref name="marbles"/>, replayed
    /// from frame 0 at every subscription.</summary>
    /// <remarks>Notifications in frame 0 are delivered during <c>Subscribe</c>, as a synchronous source
    /// would deliver them, so they carry the subscription's tick; later frames are scheduled
    /// relative to it. (A plain <see cref="TestScheduler.CreateColdObservable{T}"/> would deliver
    /// time 0 one tick late, off the frame grid.)</remarks>
    public ITestableObservable<string> Cold(string marbles, Exception? error = null) =>
        Cold<string>(marbles, null, error);

    /// <summary>A cold stream whose symbols stand for the entries of <paramref name="values"/>; see
    /// <see cref="Cold(string, Exception?)"/> for frame 0.</summary>
    public ITestableObservable<T> Cold<T>(string marbles, IReadOnlyDictionary<char, T>? values, Exception? error = null)
    {
        var messages = Timeline(marbles, allowSubscriptionPoint: false, values, Source<T>(error), origin: 0);
        return new MarbleColdObservable<T>(Scheduler, messages);
    }

    /// <summary>
    /// Passes when <paramref name="actual"/> is exactly the timeline <paramref name="marbles"/> draws:
    /// same ticks, same order, equal values. Otherwise throws <see cref="MarbleMismatchException"/>
    /// whose message draws expected and actual one above the other.
    /// </summary>
    public void ExpectMarbles<T>(IEnumerable<Recorded<Notification<T>>> actual, string marbles,
        IReadOnlyDictionary<char, T>? values = null, Exception? error = null)
    {
        ArgumentNullException.ThrowIfNull(actual);
        var actualList = actual.ToList();
        var symbols = new MarbleValues<T>(values);
        var expected = Timeline(marbles, allowSubscriptionPoint: true, values, Expectation<T>(error), Origin, symbols);

        var same = expected.Length == actualList.Count
            && expected.Zip(actualList).All(pair => pair.First.Equals(pair.Second));
        if (!same)
        {
            throw new MarbleMismatchException(new MarbleMismatchReport(FrameTicks, Origin).Notifications(expected, actualList, symbols));
        }
    }

    /// <summary>As <see cref="ExpectMarbles{T}(IEnumerable{Recorded{Notification{T}}}, string, IReadOnlyDictionary{char, T}?, Exception?)"/>
    /// on the messages <paramref name="observer"/> recorded.</summary>
    public void ExpectMarbles<T>(ITestableObserver<T> observer, string marbles,
        IReadOnlyDictionary<char, T>? values = null, Exception? error = null)
    {
        ArgumentNullException.ThrowIfNull(observer);
        ExpectMarbles(observer.Messages, marbles, values, error);
    }

    /// <summary>
    /// Passes when <paramref name="actual"/> holds exactly the subscriptions drawn, one marble string
    /// per subscription, in order. Otherwise throws <see cref="MarbleMismatchException"/> drawing both.
    /// </summary>
    public void ExpectSubscriptions(IEnumerable<Subscription> actual, params string[] marbles)
    {
        ArgumentNullException.ThrowIfNull(actual);
        ArgumentNullException.ThrowIfNull(marbles);
        var actualList = actual.ToList();
        var expected = marbles.Select(m =>
        {
            var (subscribe, unsubscribe) = SubscriptionMarbleParser.Parse(m);
            return new Subscription(TickOf(subscribe), unsubscribe is { } u ? TickOf(u) : Subscription.Infinite);
        }).ToList();

        if (expected.SequenceEqual(actualList))
        {
            return;
        }

        throw new MarbleMismatchException(new MarbleMismatchReport(FrameTicks, Origin).Subscriptions(expected, actualList));
    }

    /// <summary>The recorded notifications <paramref name="marbles"/> stands for, with absolute ticks
    /// (frame 0 at <see cref="Origin"/>); for mixing marbles with <see cref="ReactiveTest"/> style.</summary>
    public Recorded<Notification<T>>[] Messages<T>(string marbles, IReadOnlyDictionary<char, T>? values = null, Exception? error = null) =>
        Timeline(marbles, allowSubscriptionPoint: true, values, Source<T>(error), Origin);

    /// <summary>What '#' raises in a stream: the given error, or one <see cref="MarbleErrorException"/> ("error") per stream.</summary>
    private static Func<Notification<T>> Source<T>(Exception? error)
    {
        var raised = error ?? new MarbleErrorException();
        return () => Notification.CreateOnError<T>(raised);
    }

    /// <summary>What '#' accepts in an expectation: any exception when none is given, otherwise
    /// the very instance or one of the same type and message (operators often create their own).</summary>
    private static Func<Notification<T>> Expectation<T>(Exception? error) =>
        () => new MarbleErrorExpectation<T>(actual => error is null
            || ReferenceEquals(actual, error)
            || (actual.GetType() == error.GetType() && actual.Message == error.Message));

    private Recorded<Notification<T>>[] Timeline<T>(string marbles, bool allowSubscriptionPoint,
        IReadOnlyDictionary<char, T>? values, Func<Notification<T>> errorNotification, long origin, MarbleValues<T>? symbols = null)
    {
        symbols ??= new MarbleValues<T>(values);
        var events = StreamMarbleParser.Parse(marbles, allowSubscriptionPoint);
        return events.Select(e =>
        {
            var tick = origin + e.Frame * FrameTicks;
            if (tick < 0)
            {
                throw new MarbleSyntaxException(marbles, e.Column,
                    $"this falls at tick {tick}, before the clock starts; frame 0 is tick {origin}, so at most {origin / FrameTicks} frames may come before '^'");
            }
            var notification = e.Kind switch
            {
                MarbleKind.Next => Notification.CreateOnNext(symbols.ValueOf(marbles, e)),
                MarbleKind.Completed => Notification.CreateOnCompleted<T>(),
                _ => errorNotification(),
            };
            return new Recorded<Notification<T>>(tick, notification);
        }).ToArray();
    }
}
