using System.Collections.Immutable;

namespace RxChat.Server.Core;

/// <summary>
/// Which nodes the chat has heard from, and when, measured in <em>log time</em>: the sum,
/// over consecutive entries, of the gap between their times, each gap counted as at most
/// <see cref="ChatRules.LongestGap"/>. While any node is alive it appends at least every
/// <see cref="ChatRules.HeartbeatEvery"/>, so log time runs like a clock; while the log
/// itself is down nobody can append, and that whole outage counts as one capped gap, so
/// the first entry after it does not make every other node look lost. A node that truly
/// died misses the heartbeats the live nodes keep appending, and its silence grows.
/// </summary>
/// <remarks>
/// Pure data, kept in <see cref="ChatState"/> (and its snapshot), so a replay from any
/// snapshot decides the same losses at the same entries. Costs O(nodes) per entry, never
/// O(clients).
/// </remarks>
/// <param name="LogTime">Log time at the latest entry.</param>
/// <param name="LatestEntry">The latest entry's time (UTC), or null before the first; it never goes backwards.</param>
/// <param name="HeardAt">Each node heard from and not since lost or stopped: the log time of its latest entry.</param>
public sealed record Liveness(TimeSpan LogTime, DateTimeOffset? LatestEntry, ImmutableDictionary<string, TimeSpan> HeardAt)
{
    private static readonly string[] NoNodes = [];

    public static readonly Liveness None = new(TimeSpan.Zero, null, ImmutableDictionary.Create<string, TimeSpan>(StringComparer.Ordinal));

    /// <summary>Log time once an entry stamped <paramref name="time"/> is added: the gap since the latest entry, capped at <paramref name="longestGap"/>.</summary>
    public TimeSpan LogTimeAt(DateTimeOffset time, TimeSpan longestGap)
    {
        if (LatestEntry is not { } latest || time <= latest) return LogTime;
        var gap = time - latest;
        return LogTime + (gap < longestGap ? gap : longestGap);
    }

    /// <summary>The nodes other than <paramref name="sender"/> not heard from for <paramref name="timeout"/> of log time at <paramref name="logTime"/>, by name.</summary>
    public IReadOnlyList<string> SilentFor(TimeSpan timeout, TimeSpan logTime, string sender)
    {
        List<string>? silent = null;
        foreach (var (node, heardAt) in HeardAt)
            if (logTime - heardAt >= timeout && node != sender) (silent ??= []).Add(node);
        if (silent is null) return NoNodes;
        silent.Sort(StringComparer.Ordinal); // the same order on every node, whatever the dictionary's
        return silent;
    }

    /// <summary>After an entry from <paramref name="node"/> stamped <paramref name="time"/>: log time moves on and the node is heard.</summary>
    public Liveness Heard(string node, DateTimeOffset time, TimeSpan longestGap)
    {
        var logTime = LogTimeAt(time, longestGap);
        var latestEntry = LatestEntry is { } latest && latest > time ? latest : time;
        // A run's entries share their time: after its first, nothing changes, and nothing is allocated.
        if (logTime == LogTime && latestEntry == LatestEntry && HeardAt.TryGetValue(node, out var heard) && heard == logTime) return this;
        return new(logTime, latestEntry, HeardAt.SetItem(node, logTime));
    }

    /// <summary>After a node's goodbye: log time moves on, and the node is no longer expected to speak.</summary>
    public Liveness Gone(string node, DateTimeOffset time, TimeSpan longestGap) => Heard(node, time, longestGap).Forget(node);

    /// <summary>A node declared lost: it is forgotten until it is heard from again.</summary>
    public Liveness Forget(string node) => this with { HeardAt = HeardAt.Remove(node) };
}
