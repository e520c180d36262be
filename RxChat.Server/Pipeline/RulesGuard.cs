using RxChat.Server.Core;
using RxChat.Server.Log;

namespace RxChat.Server.Pipeline;

/// <summary>
/// Keeps the fold from the first entry decided under rules this RxChat does not know (a node
/// that started with a newer <see cref="RulesVersion"/>) and from everything after it: folding
/// on would decide differently from the nodes that wrote them. Touched only by the fold.
/// </summary>
internal sealed class RulesGuard
{
    private bool _stopped;

    /// <summary>
    /// Whether the fold may take <paramref name="batch"/>. At the first entry of unknown rules:
    /// while catching up at start-up, throws (the start fails: <c>rxchat: cannot start: …</c>,
    /// exit 2); later, completes <paramref name="broken"/> with the reason, which the host says
    /// in one line as it stops (exit 2). False from then on.
    /// </summary>
    public bool Admit(IReadOnlyList<LogEntry> batch, bool catchingUp, TaskCompletionSource<Exception> broken)
    {
        if (_stopped) return false;
        if (RulesVersion.FirstUnknown(batch) is not { } unknown) return true;
        _stopped = true;
        var refused = UnknownRulesException.StartedAt(unknown);
        if (catchingUp) throw refused;
        broken.TrySetResult(refused);
        return false;
    }
}
