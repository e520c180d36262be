using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using RxChat.Server.Core;

namespace RxChat.Server.Log;

/// <summary>
/// Stores snapshots off the fold thread, one at a time, and then deletes what they cover:
/// the older snapshots, and the entries up to the snapshot's position. A failure is logged
/// and costs nothing but the snapshot: the entries stay, and a later snapshot tries again.
/// </summary>
/// <remarks>
/// Every use of the connection holds <c>connectionGate</c>: for a file it is the writer's
/// own connection and its lock is never contended (SQLite's busy timeout orders it with the
/// fold's appends); an in-memory database has only the log's connection, shared under the
/// log's lock.
/// </remarks>
internal sealed class SnapshotWriter(SqliteConnection connection, object connectionGate, long latest, ILogger logger)
{
    /// <summary>
    /// Entries deleted per transaction: each holds the write lock only briefly, so an append
    /// waits for one batch at most, even when a first snapshot covers a million entries.
    /// </summary>
    private const int CompactionBatch = 10_000;

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
            if (_stopped || !_written.IsCompleted || state.Version <= _latest) return;
            _latest = state.Version;
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
            lock (connectionGate)
            {
                using var transaction = connection.BeginTransaction();
                using var store = connection.CreateCommand();
                store.Transaction = transaction;
                store.CommandText = """
                    INSERT OR REPLACE INTO snapshots (position, body) VALUES ($position, $body);
                    DELETE FROM snapshots WHERE position < $position;
                    """;
                store.Parameters.AddWithValue("$position", snapshot.Position);
                store.Parameters.AddWithValue("$body", body);
                store.ExecuteNonQuery();
                transaction.Commit();
            }
            Compact(snapshot.Position);
        }
        catch (Exception e)
        {
            // Whatever went wrong, the fold must not hear of it: the log is intact without this snapshot.
            logger.LogError(e, "Could not store the snapshot at log position {Position}", state.Version);
        }
    }

    /// <summary>Deletes the entries up to <paramref name="through"/> in batches, oldest first, so a crash midway leaves only a shorter tail to delete next time.</summary>
    private void Compact(long through)
    {
        long from;
        lock (connectionGate) from = SqliteLogFile.Scalar(connection, "SELECT coalesce(min(position), 0) FROM entries");
        for (; from > 0 && from <= through; from += CompactionBatch)
        {
            lock (connectionGate)
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
