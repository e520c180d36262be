using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using RxChat.Server.Core;

namespace RxChat.Server.Log;

/// <summary>
/// Stores snapshots off the fold thread, one at a time, and then deletes what they cover:
/// the older snapshots, and the entries up to the snapshot's position. A failure is logged
/// and costs nothing but the snapshot: the entries stay, and a later snapshot tries again.
/// With <c>keepEntries</c> the entries are never deleted (<c>RxChat:Snapshots:KeepEntries</c>).
/// </summary>
/// <remarks>
/// It writes through the log's connection, under the log's lock (<c>gate</c>), in short
/// steps, so an append waits for one step at most. A connection of its own would not write
/// any sooner (SQLite lets one writer in at a time; measured, appends waited as long) and
/// would leave the turns to SQLite's busy handler, which polls with sleeps. Building and
/// serializing the snapshot, the long part, needs no lock at all. An in-memory database,
/// which lives in its one connection, works the same way.
/// </remarks>
internal sealed class SnapshotWriter(SqliteConnection connection, object gate, long latest, ILogger logger, bool keepEntries, Checkpointer? checkpointer)
{
    /// <summary>Entries deleted per step: a few milliseconds of the lock, even when a first snapshot covers a million entries.</summary>
    private const int CompactionBatch = 2_000;

    private readonly object _sync = new();
    private Task _written = Task.CompletedTask;
    private long _latest = latest;
    private bool _stopped;

    /// <summary>The snapshot being written, or the last one, completed. It never faults.</summary>
    public Task Written
    {
        get { lock (_sync) return _written; }
    }

    /// <summary>Starts writing a snapshot of <paramref name="state"/>, unless one is being written or it is not newer than the last.</summary>
    public void Save(ChatState state)
    {
        lock (_sync)
        {
            if (_stopped || !_written.IsCompleted || state.Position <= _latest) return;
            _latest = state.Position;
            _written = Task.Run(() => Write(state));
        }
    }

    /// <summary>Starts no more snapshots; the returned task completes when the one being written is stored.</summary>
    public Task Stop()
    {
        lock (_sync)
        {
            _stopped = true;
            return _written;
        }
    }

    private void Write(ChatState state)
    {
        try
        {
            // The state is immutable: building and serializing its snapshot here costs the fold nothing.
            var snapshot = ChatSnapshot.Of(state);
            byte[] body = LogJson.Serialize(snapshot);
            lock (gate)
            {
                using var transaction = connection.BeginTransaction();
                using var store = connection.CreateCommand();
                store.Transaction = transaction;
                store.CommandText = """
                    INSERT INTO snapshots (position, body) VALUES ($position, $body);
                    DELETE FROM snapshots WHERE position < $position;
                    """;
                store.Parameters.AddWithValue("$position", snapshot.Position);
                store.Parameters.AddWithValue("$body", body);
                store.ExecuteNonQuery();
                transaction.Commit();
            }
            if (!keepEntries) Compact(snapshot.Position);
            checkpointer?.Nudge(); // the snapshot and its deletions are in the WAL
        }
        catch (Exception e)
        {
            // Whatever went wrong, the fold must not hear of it: the log is intact without this snapshot.
            logger.LogError(e, "Could not store the snapshot at log position {Position}", state.Position);
        }
    }

    /// <summary>
    /// Deletes the entries up to <paramref name="through"/> in batches, oldest first, so a
    /// crash midway leaves only a shorter tail to delete next time. Between batches it pauses
    /// so a waiting append takes the lock: a thread that releases a .NET lock and takes it
    /// straight back keeps winning it. Measured over a million entries: appends then waited up
    /// to ~100 ms; with the pause, about one batch.
    /// </summary>
    private void Compact(long through)
    {
        long from;
        lock (gate) from = SqliteLogFile.Scalar(connection, "SELECT coalesce(min(position), 0) FROM entries");
        for (; from > 0 && from <= through; from += CompactionBatch)
        {
            Thread.Sleep(1);
            lock (gate)
            {
                using var delete = connection.CreateCommand();
                delete.CommandText = "DELETE FROM entries WHERE position BETWEEN $from AND $to";
                delete.Parameters.AddWithValue("$from", from);
                delete.Parameters.AddWithValue("$to", Math.Min(through, from + CompactionBatch - 1));
                delete.ExecuteNonQuery();
            }
        }
    }
}
