using RxChat.Server.Core;

namespace RxChat.Server.Log;

/// <summary>
/// The one ordered log of commands: the seam between the pipeline and where the order is
/// kept. The embedded engine (<see cref="SqliteCommandLog"/>) keeps it in one SQLite file
/// for one process; a cluster engine keeps it where several nodes can read it. Either way
/// the pipeline appends runs of stamped commands and folds <see cref="Entries"/> in order.
/// </summary>
public interface ICommandLog : IDisposable
{
    /// <summary>Where the log is kept, for the start-up line (a file path, or that it is kept in memory).</summary>
    string Where { get; }

    /// <summary>The newest snapshot of the chat, or null to fold from the start.</summary>
    ChatSnapshot? LatestSnapshot();

    /// <summary>
    /// Every entry after position <paramref name="after"/>, in log order, in batches: first
    /// those already stored (a replay, delivered during <c>Subscribe</c>), then each run
    /// appended from then on, by this node or another. A batch is what the fold takes in one
    /// go before it writes out what the batch caused, so a subscriber never sees half a run.
    /// Batches are published on the thread that folds: the embedded engine publishes during
    /// <see cref="Append"/> (which the fold calls); an engine whose entries arrive from
    /// elsewhere publishes them on the fold's scheduler, never concurrently with an append.
    /// </summary>
    IObservable<IReadOnlyList<LogEntry>> Entries(long after);

    /// <summary>
    /// Stores a run of commands, in order, as one unit, and only then publishes them on
    /// <see cref="Entries"/>: nothing is folded (so nothing reaches anyone) that is not stored.
    /// The embedded engine publishes before returning; a shared engine publishes when the run
    /// comes back from where the order is kept, interleaved with other nodes' runs. Throws <see cref="LogWriteException"/>
    /// when the run could not be stored; none of it is then stored or published.
    /// </summary>
    void Append(IReadOnlyList<Stamped> run);

    /// <summary>Keeps <paramref name="state"/> as the newest snapshot; entries it covers may be compacted. May finish in the background.</summary>
    void SaveSnapshot(ChatState state);
}

/// <summary>A command stamped on its way into the log: who sent it and when (UTC). The log gives it its position.</summary>
public readonly record struct Stamped(ConnectionId From, DateTimeOffset Time, Command Command);

/// <summary>The log could not store a run of commands (disk full, I/O error, …).</summary>
public sealed class LogWriteException(string message, Exception? inner = null) : IOException(message, inner);

/// <summary>The log cannot be used at all (corrupt, from a newer RxChat, not RxChat's): the server must not start.</summary>
public sealed class LogUnusableException(string message, Exception? inner = null) : IOException(message, inner);
