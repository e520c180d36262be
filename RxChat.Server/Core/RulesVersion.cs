namespace RxChat.Server.Core;

/// <summary>
/// Which rules decide the log's entries. The log keeps commands, and every node decides
/// them again as it folds them, so nodes agree only while they fold with the same rules. Each
/// node says the version it folds with in the entry that says it started
/// (<see cref="NodeStarted.Rules"/>), and a snapshot says the version it was folded under; a
/// node never folds an entry or a snapshot of a version it does not know, that is, a newer
/// one: it stops instead. Raise <see cref="Current"/> with any change that makes
/// <c>Decide</c> or <c>Evolve</c> decide a stored command differently from before.
/// </summary>
public static class RulesVersion
{
    /// <summary>
    /// The version this RxChat folds with. 2: the first that says its version in the log; it
    /// also compares names by their RFC 8265 key and refuses look-alikes, bounds registrations
    /// and history in bytes, decides direct messages, actions, topics and removals, refuses a
    /// line, leave, topic or removal meant for a room other than the sender's (IRC names the
    /// channel), and skips entries no client line could have made (<see cref="EntryCheck"/>).
    /// </summary>
    public const int Current = 2;

    /// <summary>What a start or a snapshot written before versions were recorded was folded under.</summary>
    public const int Unrecorded = 1;

    /// <summary>
    /// Whether this RxChat can fold what was decided under <paramref name="version"/>: its own
    /// rules or older ones (a newer RxChat folds an older log: that is how an upgrade starts).
    /// </summary>
    public static bool Knows(int version) => version <= Current;

    /// <summary>The first entry of <paramref name="batch"/> that started a node folding with rules this RxChat does not know; null when none did.</summary>
    public static LogEntry? FirstUnknown(IReadOnlyList<LogEntry> batch)
    {
        foreach (var entry in batch)
            if (entry.Command is NodeStarted started && !Knows(started.Rules)) return entry;
        return null;
    }
}
