namespace RxChat.Server.Pipeline;

/// <summary>
/// How fast one connection may send lines. Each connection has a bucket of
/// <see cref="BurstLines"/> tokens, refilled continuously at <see cref="LinesPerSecond"/>;
/// every line takes one, blank or not. A line finding the bucket empty is dropped and the sender is told
/// to slow down. Dropped lines add up until the sender pauses long enough for its bucket to
/// refill completely (<see cref="BurstLines"/> / <see cref="LinesPerSecond"/> seconds); at
/// <see cref="DroppedLinesBeforeDisconnect"/> (0: never) it is disconnected.
/// </summary>
/// <remarks>
/// The defaults are far above anything a person types or pastes, and above the thousands of
/// lines the ordering tests send at once: they are there to stop scripts, not people.
/// </remarks>
public sealed record FloodLimits(int LinesPerSecond = 100, int BurstLines = 5_000, int DroppedLinesBeforeDisconnect = 1_000)
{
    public static readonly FloodLimits Default = new();

    /// <summary>No flood control at all (a rate of 0 or less).</summary>
    public static readonly FloodLimits Off = new(LinesPerSecond: 0);

    public bool IsOff => LinesPerSecond <= 0;
}
