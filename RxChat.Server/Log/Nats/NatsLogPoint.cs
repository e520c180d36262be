namespace RxChat.Server.Log.Nats;

/// <summary>
/// A place in the cluster's log, as every node computes it from the stream: the position of
/// the last entry folded (positions count entries, 1, 2, 3 …, as in the embedded log), the
/// stream sequence of the message that held it, how many of that message's entries are at
/// or before it, and the log's time there (see <see cref="LogClock"/>). A snapshot keeps its
/// point, so a node that starts from it reads on from exactly there and counts and clocks
/// exactly as the nodes that read the whole stream.
/// </summary>
public sealed record NatsLogPoint(long Position, ulong Sequence, int Covered, DateTimeOffset Time)
{
    public static readonly NatsLogPoint Start = new(0, 0, 0, DateTimeOffset.MinValue);

    /// <summary>The first message to read from here: the one holding <see cref="Position"/>, whose first <see cref="Covered"/> entries are skipped.</summary>
    public ulong ReadFrom => Sequence == 0 ? 1 : Sequence;
}
