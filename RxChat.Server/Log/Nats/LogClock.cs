namespace RxChat.Server.Log.Nats;

/// <summary>
/// Whose clock the cluster's fold trusts: JetStream's. Every entry of a message takes the
/// time the stream stored the message (one clock for every node, unlike each node's own),
/// made non-decreasing along the log: an entry stored "earlier" than the one before it (a
/// NATS server's clock stepped back, or a new stream leader's clock is behind) takes the
/// time before it. Every node computes the same times from the same stream, so every node
/// renders the same <c>[HH:MM:SS]</c>, and node-loss timeouts run on one clock. The time
/// the appending node stamped on the command stays in the stored entry but is not used.
/// </summary>
public sealed class LogClock(DateTimeOffset latest)
{
    /// <summary>The time of the latest entry read (a snapshot keeps it, so a node starting from one goes on identically).</summary>
    public DateTimeOffset Latest { get; private set; } = latest;

    public DateTimeOffset Read(DateTimeOffset stored)
    {
        var utc = stored.ToUniversalTime();
        if (utc > Latest) Latest = utc;
        return Latest;
    }
}
