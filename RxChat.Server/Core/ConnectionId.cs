namespace RxChat.Server.Core;

/// <summary>
/// Identifies one accepted connection. <see cref="Sequence"/> is the accept order and is
/// what "connected earliest" means for leader election: it never depends on two clock
/// readings being different. <see cref="Node"/> keeps ids unique beyond one process, so
/// several servers can one day fold the same command log.
/// </summary>
public readonly record struct ConnectionId(long Sequence, int Node = 0) : IComparable<ConnectionId>
{
    /// <summary>The server itself, as the sender of its own commands; real connections count from 1.</summary>
    public static readonly ConnectionId Server = default;

    /// <summary>Earlier accepted first; the node only breaks ties between servers.</summary>
    public int CompareTo(ConnectionId other)
    {
        int bySequence = Sequence.CompareTo(other.Sequence);
        return bySequence != 0 ? bySequence : Node.CompareTo(other.Node);
    }

    public override string ToString() => Node == 0 ? $"#{Sequence}" : $"#{Node}.{Sequence}";
}
