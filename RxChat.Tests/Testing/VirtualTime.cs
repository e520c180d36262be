namespace RxChat.Tests.Testing;

/// <summary>Durations for the package's tick-counting <see cref="TestScheduler"/>, so a test can say
/// "thirty seconds later" as <c>clock.AdvanceBy(TimeSpan.FromSeconds(30))</c>.</summary>
public static class VirtualTime
{
    /// <summary>Runs the clock forward by <paramref name="duration"/> (one tick is one <see cref="TimeSpan"/> tick).</summary>
    public static void AdvanceBy(this TestScheduler scheduler, TimeSpan duration)
    {
        ArgumentNullException.ThrowIfNull(scheduler);
        scheduler.AdvanceBy(duration.Ticks);
    }
}
