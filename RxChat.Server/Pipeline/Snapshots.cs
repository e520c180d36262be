using RxChat.Server.Core;
using RxChat.Server.Log;

namespace RxChat.Server.Pipeline;

/// <summary>
/// When the fold keeps a snapshot of the chat in the log, so a restart replays a short tail
/// instead of the whole log: every <see cref="ChatOptions.SnapshotEveryEntries"/> entries or
/// <see cref="ChatOptions.SnapshotEvery"/>, whichever comes first, and as the node stops.
/// Touched only by the fold.
/// </summary>
internal sealed class Snapshots(ICommandLog log, ChatOptions options)
{
    private long _position; // of the chat last kept
    private DateTimeOffset _time; // when it was kept

    /// <summary>The chat as the newest snapshot has it (a fresh chat when there is none); the count starts there.</summary>
    public ChatState Restore(DateTimeOffset now)
    {
        var state = log.LatestSnapshot()?.ToState(options.Rules) ?? ChatState.Create(options.Rules);
        _position = state.Position;
        _time = now;
        return state;
    }

    /// <summary>After a batch: saves <paramref name="state"/> when enough entries or time have passed since the last one.</summary>
    public void KeepIfDue(ChatState state, DateTimeOffset now)
    {
        if (state.Position == _position) return;
        if (state.Position - _position >= options.SnapshotEveryEntries || now - _time >= options.SnapshotEvery)
            Save(state, now);
    }

    public void Save(ChatState state, DateTimeOffset now)
    {
        log.SaveSnapshot(state);
        _position = state.Position;
        _time = now;
    }
}
