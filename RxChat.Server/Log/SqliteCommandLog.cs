using System.Reactive.Disposables;
using System.Reactive.Linq;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using RxChat.Server.Core;
using SQLitePCL;

namespace RxChat.Server.Log;

/// <summary>
/// The embedded log: one SQLite file in the data directory (WAL), for one process. Each
/// run of commands is one transaction, committed before its entries are published, so
/// nothing is folded — nothing reaches anyone — that is not committed (what a commit survives
/// is the <see cref="Durability"/>). Snapshots are written in the background and the entries
/// they cover are deleted.
/// </summary>
/// <remarks>
/// One connection, guarded by one lock, serves appends, reads and the
/// <see cref="SnapshotWriter"/>. In practice the fold thread both appends and subscribes,
/// but the lock makes any thread safe: entries are published under it, in log order, and a
/// subscriber joins the live entries under it, exactly where its replay ends. A second
/// connection, the <see cref="Checkpointer"/>'s, only moves the WAL into the file.
/// </remarks>
public sealed class SqliteCommandLog : ICommandLog
{
    /// <summary>The data directory that keeps nothing: an in-memory database, gone when the log is disposed.</summary>
    public const string InMemory = ":memory:";

    /// <summary>Entries read per query when replaying, so a long log is never loaded at once.</summary>
    private const int ReplayPage = 1024;

    private readonly object _gate = new();
    private readonly SqliteConnection _connection;
    private readonly SqliteCommand _begin;
    private readonly SqliteCommand _insert;
    private readonly SqliteCommand _commit;
    private readonly SqliteCommand _rollback;
    private readonly SqliteParameter _position;
    private readonly SqliteParameter _body;
    private readonly SqliteCommand _readPage;
    private readonly SqliteParameter _after;
    private readonly SnapshotWriter _snapshots;
    private readonly Checkpointer? _checkpointer; // none for a log in memory, which has no WAL
    private Subscription[] _subscribers = [];
    private long _head;
    private bool _publishing;
    private bool _disposed;
    private DataDirLock? _dataDirLock; // none for a log in memory

    /// <param name="file">The log's file, whose WAL a <see cref="Checkpointer"/> keeps short; null in memory.</param>
    private SqliteCommandLog(string where, SqliteConnection connection, ILogger logger, bool keepEntries = false, string? file = null, Durability durability = Durability.Normal)
    {
        Where = where;
        _connection = connection;
        if (file is not null)
        {
            // Checkpoints happen off the fold thread, never inside one of its commits.
            SqliteLogFile.Execute(connection, "PRAGMA wal_autocheckpoint = 0");
            _checkpointer = new Checkpointer(file, durability, _gate, logger);
        }
        // The hot path's statements, prepared once: a run is BEGIN, an INSERT per entry, COMMIT.
        _begin = Statement(connection, "BEGIN IMMEDIATE");
        _insert = Statement(connection, "INSERT INTO entries (position, body) VALUES ($position, $body)");
        _commit = Statement(connection, "COMMIT");
        _rollback = Statement(connection, "ROLLBACK");
        _position = _insert.Parameters.Add("$position", SqliteType.Integer);
        _body = _insert.Parameters.Add("$body", SqliteType.Blob);
        _readPage = Statement(connection, $"SELECT position, body FROM entries WHERE position > $after ORDER BY position LIMIT {ReplayPage}");
        _after = _readPage.Parameters.Add("$after", SqliteType.Integer);
        // The last row of each primary key: an index seek each, however long the log.
        long snapshotAt = SqliteLogFile.Scalar(connection, "SELECT coalesce(max(position), 0) FROM snapshots");
        _head = Math.Max(snapshotAt, SqliteLogFile.Scalar(connection, "SELECT coalesce(max(position), 0) FROM entries"));
        _snapshots = new SnapshotWriter(connection, _gate, snapshotAt, logger, keepEntries, _checkpointer);
    }

    /// <summary>
    /// Opens the log in <paramref name="dataDir"/> (<c>{dataDir}/rxchat.db</c>, the directory
    /// created if missing), or an in-memory one for <see cref="InMemory"/>. An existing file is
    /// examined read-only first: <see cref="LogUnusableException"/> if it is not a usable
    /// RxChat log, and then it is left as it was.
    /// </summary>
    /// <param name="durability">What a committed run survives (<c>--durability</c>).</param>
    /// <param name="keepEntries">Whether the entries a snapshot covers are kept (<c>RxChat:Snapshots:KeepEntries</c>), for <c>export-marble</c>.</param>
    public static SqliteCommandLog Open(string dataDir, ILogger? logger = null, Durability durability = Durability.Normal, bool keepEntries = false)
    {
        logger ??= NullLogger.Instance;
        if (dataDir == InMemory) return new SqliteCommandLog("memory (nothing is kept)", SqliteLogFile.Connect(InMemory), logger, keepEntries);

        string path = Path.GetFullPath(Path.Combine(dataDir, SqliteLogFile.FileName));
        try
        {
            PrivateFiles.MakeDirectory(Path.GetDirectoryName(path)!);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new LogUnusableException($"{path} cannot be used as an RxChat log: its directory cannot be created or made private ({e.Message})", e);
        }
        var dataDirLock = DataDirLock.Take(Path.GetDirectoryName(path)!);
        SqliteConnection? connection = null;
        bool opened = false;
        try
        {
            SqliteLogFile.Examine(path);
            PrivateFiles.MakeFile(path); // before SQLite makes it, or its -wal and -shm, with the umask's mode
            PrivateFiles.CloseUp(path + "-wal");
            PrivateFiles.CloseUp(path + "-shm");
            connection = SqliteLogFile.Connect(path, durability);
            var log = new SqliteCommandLog(path, connection, logger, keepEntries, path, durability) { _dataDirLock = dataDirLock };
            opened = true;
            return log;
        }
        catch (SqliteException e)
        {
            throw SqliteLogFile.Unusable(path, e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new LogUnusableException($"{path} cannot be used as an RxChat log: it cannot be made private ({e.Message})", e);
        }
        finally
        {
            if (!opened)
            {
                connection?.Dispose();
                dataDirLock.Release(removeFile: true);
            }
        }
    }

    public string Where { get; }

    public ChatSnapshot? LatestSnapshot()
    {
        lock (_gate)
        {
            ThrowIfDisposed();
            using var command = _connection.CreateCommand();
            command.CommandText = "SELECT position, body FROM snapshots ORDER BY position DESC LIMIT 1";
            using var reader = command.ExecuteReader();
            if (!reader.Read()) return null;
            try
            {
                return LogJson.DeserializeSnapshot(reader.GetFieldValue<byte[]>(1));
            }
            catch (JsonException e)
            {
                throw new LogUnusableException($"{Where}: the snapshot at {reader.GetInt64(0)} cannot be read ({e.Message})", e);
            }
        }
    }

    /// <summary>
    /// Stores the run in one transaction, with the positions after the head, and publishes
    /// its entries to <see cref="Entries"/> subscribers on this thread once it is committed.
    /// </summary>
    /// <remarks>
    /// Not to be called from inside a subscriber's <c>OnNext</c>: that entry would be folded
    /// before the one being delivered ends, so it throws <see cref="InvalidOperationException"/>.
    /// A subscriber that throws stops this run's publication; the run stays stored.
    /// </remarks>
    public void Append(IReadOnlyList<Stamped> run)
    {
        if (run.Count == 0) return;
        var bodies = new byte[run.Count][];
        long bytes = 0;
        for (int i = 0; i < run.Count; i++) bytes += (bodies[i] = LogJson.Serialize(StoredEntry.Of(run[i]))).Length;

        lock (_gate)
        {
            ThrowIfDisposed();
            if (_publishing)
                throw new InvalidOperationException("Append was called while the log's entries were being delivered: append after OnNext returns");
            long first = _head + 1;
            try
            {
                _begin.ExecuteNonQuery();
                for (int i = 0; i < bodies.Length; i++)
                {
                    _position.Value = first + i;
                    _body.Value = bodies[i];
                    _insert.ExecuteNonQuery();
                }
                _commit.ExecuteNonQuery();
            }
            catch (SqliteException e)
            {
                RollBack();
                throw new LogWriteException($"could not store {Count(run.Count)}: {SqliteLogFile.Reason(e)}", e);
            }
            _head += run.Count;
            _checkpointer?.Wrote(bytes);

            var subscribers = _subscribers;
            if (subscribers.Length == 0) return;
            var entries = new LogEntry[run.Count];
            for (int i = 0; i < run.Count; i++) entries[i] = StoredEntry.Of(run[i]).At(first + i);
            _publishing = true;
            try
            {
                foreach (var subscriber in subscribers) subscriber.Deliver(entries);
            }
            finally
            {
                _publishing = false;
            }
        }
    }

    /// <summary>
    /// Replays the stored entries after <paramref name="after"/> in pages, then joins the live
    /// entries. Pages are delivered outside the lock, so appends on other threads go on (the
    /// replay catches up with them: reading is faster than storing); the last page is read and
    /// delivered, and the subscriber joined, under it, so nothing appended meanwhile is missed
    /// or delivered twice. On the fold thread, which both appends and subscribes, the head
    /// stands still during a replay. Completes when the log is disposed; fails with
    /// <see cref="LogUnusableException"/> if entries in the range are gone (compacted into a
    /// snapshot: fold from <see cref="LatestSnapshot"/>) or cannot be read.
    /// </summary>
    public IObservable<IReadOnlyList<LogEntry>> Entries(long after) => Observable.Create<IReadOnlyList<LogEntry>>(observer =>
    {
        long next = after;
        while (true)
        {
            LogEntry[] page;
            lock (_gate)
            {
                if (_disposed)
                {
                    observer.OnCompleted();
                    return Disposable.Empty;
                }
                page = ReadPage(next);
                long reached = page.Length == 0 ? next : page[^1].Position;
                if (reached >= _head)
                {
                    _publishing = true;
                    try
                    {
                        if (page.Length > 0) observer.OnNext(page);
                    }
                    finally
                    {
                        _publishing = false;
                    }
                    var subscription = new Subscription(observer, after);
                    _subscribers = [.. _subscribers, subscription];
                    return Disposable.Create(() => Leave(subscription));
                }
            }
            observer.OnNext(page);
            next = page[^1].Position;
        }
    });

    /// <summary>
    /// Snapshots <paramref name="state"/> in the background and then deletes the entries it
    /// covers; returns at once. Skipped while an earlier snapshot is still being written, and
    /// once the log is disposed. A failure is logged, never thrown.
    /// </summary>
    public void SaveSnapshot(ChatState state) => _snapshots.Save(state);

    /// <summary>A setting of the log's own connection, as SQLite reports it (<c>synchronous</c>, <c>journal_size_limit</c>): for tests.</summary>
    internal long Setting(string pragma)
    {
        lock (_gate) return SqliteLogFile.Scalar(_connection, $"PRAGMA {pragma}");
    }

    /// <summary>Checkpoints of the WAL done in the background (none in memory): for tests.</summary>
    internal long Checkpoints => _checkpointer?.Checkpoints ?? 0;

    /// <summary>The snapshot being written, or the last one, completed: lets tests and <see cref="Dispose"/> wait for it.</summary>
    internal Task SnapshotWritten => _snapshots.Written;

    /// <summary>Waits for a snapshot being written, completes every subscriber, and closes the file.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed) return;
            _disposed = true;
        }
        // Outside the lock: the snapshot writer takes it to write.
        _snapshots.Stop().Wait();
        _checkpointer?.Dispose(); // before the log's connection, which closes last and checkpoints what is left
        lock (_gate)
        {
            foreach (var subscriber in _subscribers) subscriber.Complete();
            _subscribers = [];
            foreach (var statement in (SqliteCommand[])[_begin, _insert, _commit, _rollback, _readPage]) statement.Dispose();
            _connection.Dispose();
            _dataDirLock?.Dispose();
        }
    }

    /// <summary>
    /// Undoes what is left of a failed run. SQLite rolls some failures back by itself (a full
    /// disk at COMMIT); if the rollback fails too, the next run's BEGIN fails and tries again.
    /// </summary>
    private void RollBack()
    {
        if (raw.sqlite3_get_autocommit(_connection.Handle) != 0) return;
        try
        {
            _rollback.ExecuteNonQuery();
        }
        catch (SqliteException)
        {
        }
    }

    private static SqliteCommand Statement(SqliteConnection connection, string sql)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        return command;
    }

    /// <summary>Up to <see cref="ReplayPage"/> entries after <paramref name="after"/>, checked to follow on from it.</summary>
    private LogEntry[] ReadPage(long after)
    {
        var page = new List<LogEntry>(ReplayPage);
        long expected = after + 1;
        try
        {
            _after.Value = after;
            using var reader = _readPage.ExecuteReader();
            while (reader.Read())
            {
                long position = reader.GetInt64(0);
                if (position != expected) throw Missing(expected, position - 1);
                LogEntry entry;
                // An entry this RxChat cannot read ends the page: what comes before it is folded
                // first, so a newer node's start before it is refused for what it is (RulesVersion).
                try { entry = Decode(position, reader.GetFieldValue<byte[]>(1)); }
                catch (LogUnusableException) when (page.Count > 0) { break; }
                page.Add(entry);
                expected++;
            }
        }
        catch (SqliteException e)
        {
            throw new LogUnusableException($"{Where}: entries after {after} cannot be read: {SqliteLogFile.Reason(e)}", e);
        }
        if (page.Count == 0 && after < _head) throw Missing(expected, _head);
        return [.. page];
    }

    private LogEntry Decode(long position, byte[] body)
    {
        try
        {
            return LogJson.DeserializeEntry(body).At(position);
        }
        catch (JsonException e)
        {
            throw new LogUnusableException($"{Where}: the entry at {position} cannot be read ({e.Message})", e);
        }
    }

    private LogUnusableException Missing(long from, long to) =>
        new($"{Where}: entries {from}–{to} are no longer kept (compacted into a snapshot): fold from the latest snapshot");

    private void Leave(Subscription subscription)
    {
        subscription.Stop();
        lock (_gate) _subscribers = [.. _subscribers.Where(s => s != subscription)];
    }

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(_disposed, this);

    private static string Count(int commands) => commands == 1 ? "1 command" : $"{commands} commands";

    /// <summary>A live subscriber, from its first position on; once it leaves, a run being published skips it.</summary>
    private sealed class Subscription(IObserver<IReadOnlyList<LogEntry>> observer, long after)
    {
        private volatile bool _stopped;

        /// <summary>The part of a run after the subscriber's start (all of it, unless it asked to start beyond the head).</summary>
        public void Deliver(IReadOnlyList<LogEntry> run)
        {
            if (_stopped || run[^1].Position <= after) return;
            observer.OnNext(run[0].Position > after ? run : [.. run.Where(e => e.Position > after)]);
        }

        public void Complete()
        {
            if (!_stopped) observer.OnCompleted();
        }

        public void Stop() => _stopped = true;
    }
}
