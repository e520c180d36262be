using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace RxChat.Server.Log;

/// <summary>
/// Moves the WAL's pages into the database file on a thread of its own, so the fold never
/// waits for a checkpoint. Left to SQLite, the commit that crosses 1,000 pages checkpoints
/// there and then: a <c>fsync</c> of the WAL, the pages written, a <c>fsync</c> of the file —
/// traced in an A run, 40–60 ms of the fold thread about once a second, the whole of the log's
/// cost to the tail. The log's connection turns that off (<c>wal_autocheckpoint = 0</c>) and
/// nudges this one instead; what a commit survives is unchanged (<see cref="Durability"/>).
/// </summary>
/// <remarks>
/// A checkpoint here is <c>PASSIVE</c>: it copies what is committed and never holds a writer
/// up, while the log keeps appending behind it. SQLite can start the WAL again from its head only
/// once a checkpoint has caught up with it, so under a flood that never pauses the WAL would
/// only grow: past <see cref="MostWalPages"/> the checkpoint is taken under the log's own lock
/// (<c>gate</c>), where nothing is appended until it is done — the old cost, paid only then.
/// </remarks>
internal sealed class Checkpointer : IDisposable
{
    /// <summary>Bytes of entries stored between two nudges: about SQLite's own 1,000 pages of WAL, as each commit writes whole pages.</summary>
    public const long NudgeBytes = 256 * 1024;

    /// <summary>The WAL's size, in 4 KiB pages, past which a checkpoint holds appends back until it is done (64 MiB).</summary>
    public const int MostWalPages = 16_384;

    private readonly SqliteConnection _connection;
    private readonly object _gate;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _nudged = new(0, 1);
    private readonly Thread _thread;
    private long _unnudgedBytes;
    private long _checkpoints;
    private volatile bool _stopping;
    private bool _failureLogged;

    /// <param name="path">The log's file.</param>
    /// <param name="gate">The log's lock: held, nothing is appended.</param>
    public Checkpointer(string path, Durability durability, object gate, ILogger logger)
    {
        _connection = SqliteLogFile.Connect(path, durability);
        _gate = gate;
        _logger = logger;
        _thread = new Thread(Run) { Name = "rxchat-checkpoint", IsBackground = true };
        _thread.Start();
    }

    /// <summary>Checkpoints done: for tests.</summary>
    public long Checkpoints => Interlocked.Read(ref _checkpoints);

    /// <summary><paramref name="bytes"/> more were committed; every <see cref="NudgeBytes"/> a checkpoint is asked for.</summary>
    public void Wrote(long bytes)
    {
        if (Interlocked.Add(ref _unnudgedBytes, bytes) < NudgeBytes) return;
        Interlocked.Exchange(ref _unnudgedBytes, 0);
        Nudge();
    }

    /// <summary>Asks for a checkpoint now (after a snapshot and its compaction, say); one pending is enough.</summary>
    public void Nudge()
    {
        if (_nudged.CurrentCount == 0)
        {
            try { _nudged.Release(); }
            catch (SemaphoreFullException) { } // another nudge got there first
        }
    }

    private void Run()
    {
        while (true)
        {
            _nudged.Wait();
            if (_stopping) return;
            try
            {
                if (Checkpoint("PASSIVE") >= MostWalPages)
                {
                    lock (_gate) Checkpoint("PASSIVE");
                }
                Interlocked.Increment(ref _checkpoints);
            }
            catch (SqliteException e) when (!_failureLogged)
            {
                // The log is intact: its pages stay in the WAL, and the next nudge tries again.
                _failureLogged = true;
                _logger.LogWarning("Could not checkpoint the log's WAL ({Reason}); trying again later", SqliteLogFile.Reason(e));
            }
            catch (SqliteException)
            {
            }
        }
    }

    /// <summary>Runs one checkpoint; returns the WAL's size in pages as it found it.</summary>
    private long Checkpoint(string mode)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = $"PRAGMA wal_checkpoint({mode})";
        using var reader = command.ExecuteReader();
        return reader.Read() ? reader.GetInt64(1) : 0; // (busy, pages in the WAL, pages checkpointed)
    }

    /// <summary>Ends the thread after the checkpoint under way; the log's own connection, closed last, checkpoints what is left.</summary>
    public void Dispose()
    {
        _stopping = true;
        Nudge();
        _thread.Join();
        _connection.Dispose();
        _nudged.Dispose();
    }
}
