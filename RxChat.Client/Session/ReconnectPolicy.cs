using System.Reactive.Concurrency;
using System.Reactive.Linq;
using RxChat.Client.Transport;

namespace RxChat.Client.Session;

/// <summary>The decision after a connection attempt failed or a conversation was lost.</summary>
/// <param name="Failures">Attempts in a row that did not reach the server's welcome.</param>
/// <param name="Delay">How long to wait before the next attempt.</param>
/// <param name="GiveUp">True when the client should stop trying and exit.</param>
/// <param name="Error">What went wrong last.</param>
internal sealed record ReconnectDecision(int Failures, TimeSpan Delay, bool GiveUp, Exception? Error)
{
    public static ReconnectDecision Start { get; } = new(0, TimeSpan.Zero, false, null);
}

/// <summary>
/// Exponential backoff with a cap, as a pure fold over the errors that
/// <c>RetryWhen</c> hands over: 0.5 s, 1 s, 2 s, 4 s, 8 s, then every 10 s, starting again
/// from 0.5 s after any connection the server welcomed. The number of attempts is bounded,
/// and a refused username ends it at once: the same name would be refused again.
/// </summary>
internal static class ReconnectPolicy
{
    public static readonly TimeSpan FirstDelay = TimeSpan.FromMilliseconds(500);
    public static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(10);

    /// <summary>Consecutive failed attempts before giving up: about ten minutes at the cap.</summary>
    public const int MaxFailures = 60;

    public static TimeSpan Backoff(int failures) =>
        failures >= 5 ? MaxDelay : TimeSpan.FromTicks(Math.Min(MaxDelay.Ticks, FirstDelay.Ticks << failures));

    public static ReconnectDecision Next(ReconnectDecision previous, Exception error)
    {
        var failures = error is ConnectionLostException { WasWelcomed: true } ? 0 : previous.Failures + 1;
        var permanent = error is LoginRefusedException or ServerNotTrustedException; // the same name, the same certificate: refused again
        return new(failures, permanent ? TimeSpan.Zero : Backoff(failures), permanent || failures > MaxFailures, error);
    }

    /// <summary>
    /// Subscribes to <paramref name="attempt"/> again after each failure, as <see cref="Next"/>
    /// decides, waiting on <paramref name="scheduler"/>; fails with the last error on giving up.
    /// </summary>
    /// <param name="announce">Told of each decision before it is carried out, to say what happens.</param>
    public static IObservable<T> RetryWithBackoff<T>(this IObservable<T> attempt, IScheduler scheduler, Action<ReconnectDecision> announce) =>
        attempt.RetryWhen(failures => failures
            .Scan(ReconnectDecision.Start, Next)
            .Do(announce)
            .SelectMany(decision => decision.GiveUp
                ? Observable.Throw<long>(decision.Error!)
                : Observable.Timer(decision.Delay, scheduler)));
}
