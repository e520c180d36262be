using System.Reactive.Concurrency;
using System.Threading.RateLimiting;

namespace RxChat.Server.Transport;

/// <summary>
/// A token bucket as a <see cref="ReplenishingRateLimiter"/> whose clock is an
/// <see cref="IScheduler"/>: <see cref="TokenLimit"/> tokens, refilled continuously at
/// <see cref="TokensPerPeriod"/> per <see cref="Period"/>, one taken per line (or per new connection). The package's own
/// <see cref="TokenBucketRateLimiter"/> cannot be used here: even with
/// <c>AutoReplenishment = false</c> its <c>TryReplenish</c> adds tokens for the
/// <c>Stopwatch</c> time elapsed, so it would ignore virtual time in tests. This one
/// reads the scheduler on every acquire, so it also needs no timer per connection.
/// </summary>
/// <remarks>
/// It lives in Transport because the first rate anything meets is at the way in: the new
/// connections per address (<see cref="ConnectionsPerAddress"/>). The pipeline's per-line
/// rates (flood control, password attempts) reuse it from here, which is the allowed
/// direction (Pipeline depends on Transport, never the reverse).
/// </remarks>
public sealed class SchedulerTokenBucket : ReplenishingRateLimiter
{
    private readonly IScheduler _clock;
    private readonly long _periodTicks;
    private readonly long _fullTicks;
    private long _tokenTicks; // tokens × the period's ticks: whole-number arithmetic, so virtual time is exact
    private DateTimeOffset _lastRefill;
    private long _granted, _denied;

    public SchedulerTokenBucket(int tokenLimit, int tokensPerSecond, IScheduler clock)
        : this(tokenLimit, tokensPerSecond, TimeSpan.FromSeconds(1), clock) { }

    public SchedulerTokenBucket(int tokenLimit, int tokensPerPeriod, TimeSpan period, IScheduler clock)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(tokenLimit, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(tokensPerPeriod, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(period.Ticks, 1L);
        TokenLimit = tokenLimit;
        TokensPerPeriod = tokensPerPeriod;
        Period = period;
        _clock = clock;
        _periodTicks = period.Ticks;
        _fullTicks = tokenLimit * _periodTicks;
        _tokenTicks = _fullTicks;
        _lastRefill = clock.Now;
    }

    public int TokenLimit { get; }
    public int TokensPerPeriod { get; }
    public TimeSpan Period { get; }

    /// <summary>Refills happen on demand, from the scheduler's time; the period is nominal.</summary>
    public override TimeSpan ReplenishmentPeriod => Period / TokensPerPeriod;
    public override bool IsAutoReplenishing => false;
    public override TimeSpan? IdleDuration => null;

    /// <summary>True when the bucket has refilled completely: its owner has been within its rate for a while.</summary>
    public bool IsFull
    {
        get
        {
            Refill();
            return _tokenTicks >= _fullTicks;
        }
    }

    public override bool TryReplenish()
    {
        Refill();
        return true;
    }

    public override RateLimiterStatistics GetStatistics()
    {
        Refill();
        return new RateLimiterStatistics
        {
            CurrentAvailablePermits = _tokenTicks / _periodTicks,
            TotalSuccessfulLeases = _granted,
            TotalFailedLeases = _denied,
        };
    }

    protected override RateLimitLease AttemptAcquireCore(int permitCount)
    {
        Refill();
        long cost = permitCount * _periodTicks;
        if (_tokenTicks >= cost)
        {
            _tokenTicks -= cost;
            _granted++;
            return Lease.Granted;
        }
        _denied++;
        return Lease.Denied;
    }

    /// <summary>Nothing waits for a token: a line is let through now or not at all.</summary>
    protected override ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken) =>
        ValueTask.FromResult(AttemptAcquireCore(permitCount));

    private void Refill()
    {
        var now = _clock.Now;
        if (now < _lastRefill) { _lastRefill = now; return; } // the wall clock stepped back: count from here
        long elapsed = (now - _lastRefill).Ticks;
        _tokenTicks = elapsed >= (_fullTicks - _tokenTicks) / TokensPerPeriod + 1
            ? _fullTicks // (also keeps a long silence from overflowing the product below)
            : Math.Min(_fullTicks, _tokenTicks + elapsed * TokensPerPeriod);
        _lastRefill = now;
    }

    private sealed class Lease(bool acquired) : RateLimitLease
    {
        public static readonly Lease Granted = new(true);
        public static readonly Lease Denied = new(false);

        public override bool IsAcquired { get; } = acquired;
        public override IEnumerable<string> MetadataNames => [];
        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = null;
            return false;
        }
    }
}
