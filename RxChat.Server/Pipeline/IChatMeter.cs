using RxChat.Server.Core;
using RxChat.Server.Delivery;

namespace RxChat.Server.Pipeline;

/// <summary>
/// What the pipeline reports as it works, for metrics. Called on the fold's thread (and on
/// connection threads for arrivals), so every method must be cheap; the default does nothing.
/// What delivery reports (lines queued) is <see cref="IDeliveryMeter"/>'s.
/// </summary>
public interface IChatMeter : IDeliveryMeter
{
    /// <summary>A command entered the merged stream; it waits for the fold until <see cref="Taken"/>.</summary>
    void Arrived() { }

    /// <summary>The fold took a run of <paramref name="commands"/> off its queue.</summary>
    void Taken(int commands) { }

    /// <summary>A run of <paramref name="commands"/> was handed to the log.</summary>
    void Appended(int commands) { }

    /// <summary>One log entry was folded.</summary>
    void Folded() { }

    /// <summary>A line was refused for coming too fast (<paramref name="cutOff"/>: the sender is disconnected for it).</summary>
    void FloodRefused(bool cutOff) { }

    /// <summary>The fold skipped a log entry no node of this chat could have written (<see cref="EntryCheck"/>).</summary>
    void EntrySkipped(SkipReason why) { }

    /// <summary>
    /// A command that arrived at <paramref name="arrivedTimestamp"/> (<see cref="System.Diagnostics.Stopwatch"/>)
    /// has been folded and its lines queued to their connections.
    /// </summary>
    void LinesQueued(long arrivedTimestamp) { }

    public static readonly IChatMeter None = new NoMeter();

    private sealed class NoMeter : IChatMeter;
}
