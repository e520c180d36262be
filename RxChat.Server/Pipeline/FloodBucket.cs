using System.Threading.RateLimiting;

namespace RxChat.Server.Pipeline;

/// <summary>
/// One connection's token bucket: a <see cref="TokenBucketRateLimiter"/> whose refills are
/// driven by the times it is given (from the pipeline's <c>IScheduler</c>), not by its own
/// timer, so flood control behaves the same on virtual time in tests as on the real clock,
/// and an idle connection costs no timer at all.
/// </summary>
public sealed class FloodBucket : IDisposable
{
    private static readonly TimeSpan Period = TimeSpan.FromSeconds(1);

    private readonly TokenBucketRateLimiter _tokens;
    private readonly long _refillsToFull;
    private DateTimeOffset _lastRefill;

    public FloodBucket(FloodLimits limits, DateTimeOffset now)
    {
        _tokens = new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = Math.Max(1, limits.BurstLines),
            TokensPerPeriod = limits.LinesPerSecond,
            ReplenishmentPeriod = Period,
            AutoReplenishment = false, // we replenish from the scheduler's clock, see TryTake
            QueueLimit = 0,            // a line is let through now or dropped, never held back
        });
        _refillsToFull = (Math.Max(1, limits.BurstLines) + limits.LinesPerSecond - 1) / limits.LinesPerSecond;
        _lastRefill = now;
    }

    /// <summary>Takes a token for one line arriving at <paramref name="now"/>; false means: drop it.</summary>
    public bool TryTake(DateTimeOffset now)
    {
        Refill(now);
        using var lease = _tokens.AttemptAcquire(1);
        return lease.IsAcquired;
    }

    /// <summary>Credits every whole period since the last refill (at most enough to fill the bucket).</summary>
    private void Refill(DateTimeOffset now)
    {
        if (now < _lastRefill) { _lastRefill = now; return; } // the wall clock stepped back: start counting again
        long periods = (now - _lastRefill).Ticks / Period.Ticks;
        if (periods == 0) return;
        _lastRefill += Period * periods;
        for (long i = Math.Min(periods, _refillsToFull); i > 0; i--) _tokens.TryReplenish();
    }

    public void Dispose() => _tokens.Dispose();
}
