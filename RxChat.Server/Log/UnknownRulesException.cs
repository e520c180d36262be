using RxChat.Server.Core;

namespace RxChat.Server.Log;

/// <summary>
/// The log holds what was decided under rules this RxChat does not know (a newer
/// <see cref="RulesVersion"/>): folding on would decide differently from the nodes that
/// wrote it, so the node stops, with one line naming both versions, and exit code 2.
/// </summary>
public sealed class UnknownRulesException(int logRules, string where)
    : Exception($"the log was written under rules version {logRules}; this RxChat folds rules version {RulesVersion.Current} ({where}): upgrade this node to a release that folds version {logRules}")
{
    /// <summary>The version the log was written under.</summary>
    public int LogRules => logRules;

    /// <summary>A node started under unknown rules at <paramref name="entry"/>.</summary>
    public static UnknownRulesException StartedAt(LogEntry entry) =>
        new(((NodeStarted)entry.Command).Rules, $"node {entry.From.Node} started with them at log position {entry.Position}");

    /// <summary>The latest snapshot was folded under unknown rules.</summary>
    public static UnknownRulesException Snapshot(int rules, long position) =>
        new(rules, $"its latest snapshot, at log position {position}, was folded under them");
}
