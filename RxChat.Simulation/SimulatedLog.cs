using RxChat.Server.Core;

namespace RxChat.Simulation;

/// <summary>
/// The shared log as JetStream behaves for the nodes: one order, positions from 1; an append
/// carries a message id, and an id seen before is not appended again (its first position is
/// acknowledged instead), so a node may retry an append whose acknowledgement it lost; and
/// it can be unavailable, to everyone or to one node.
/// </summary>
/// <remarks>
/// JetStream forgets ids after its duplicate window (2 minutes by default); this log remembers
/// them for the whole run, which is longer than any simulated retry waits.
/// </remarks>
/// <param name="deduplicates">False only for the mutant that shows why the ids matter.</param>
public sealed class SimulatedLog(bool deduplicates = true)
{
    private readonly List<LogEntry> _entries = [];
    private readonly Dictionary<string, long> _positionOf = new(StringComparer.Ordinal);

    /// <summary>Unavailable to every node (an outage of the log itself).</summary>
    public bool IsDown { get; set; }

    /// <summary>The position of the latest entry (0 when empty).</summary>
    public long Length => _entries.Count;

    /// <summary>The entry at <paramref name="position"/> (from 1).</summary>
    public LogEntry At(long position) => _entries[(int)(position - 1)];

    /// <summary>
    /// Appends the command unless its <paramref name="messageId"/> was appended before; returns
    /// the position acknowledged, or null when the log is down (nothing is appended).
    /// </summary>
    public long? Append(string messageId, DateTimeOffset time, ConnectionId from, Command command)
    {
        if (IsDown) return null;
        if (deduplicates && _positionOf.TryGetValue(messageId, out var earlier)) return earlier;
        var position = _entries.Count + 1L;
        _entries.Add(new LogEntry(position, time, from, command));
        _positionOf.TryAdd(messageId, position);
        return position;
    }
}
