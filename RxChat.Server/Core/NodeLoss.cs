namespace RxChat.Server.Core;

public static partial class Chat
{
    /// <summary>
    /// The nodes found lost at <paramref name="entry"/>: not heard from for
    /// <see cref="ChatRules.NodeTimeout"/> of log time once the entry is counted, in name
    /// order. The entry's own node is never among them: its entry is proof it is alive.
    /// Time here is the entries' time only (see <see cref="Liveness"/>): no clock in the core.
    /// </summary>
    private static IReadOnlyList<string> LostNodes(ChatState state, LogEntry entry)
    {
        var liveness = state.Liveness;
        if (liveness.HeardAt.Count == 0) return [];
        var logTime = liveness.LogTimeAt(entry.Time, state.Rules.LongestGap);
        return liveness.SilentFor(state.Rules.NodeTimeout, logTime, entry.From.Node);
    }

    /// <summary>
    /// The state once <paramref name="entry"/> has been folded: its position is the version,
    /// and log time moves on to its time. Any entry from a node counts as hearing from it
    /// (its connections' commands, its heartbeats, its start) — except its goodbye, after
    /// which it is no longer expected to speak.
    /// </summary>
    public static ChatState Settle(ChatState state, LogEntry entry)
    {
        var node = entry.From.Node;
        var gap = state.Rules.LongestGap;
        return state with
        {
            Position = entry.Position,
            Liveness = entry.Command is NodeStopping
                ? state.Liveness.Gone(node, entry.Time, gap)
                : state.Liveness.Heard(node, entry.Time, gap),
        };
    }
}
