using System.Reflection;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using RxChat.Server.Core;
using RxChat.Server.Log;
using RxChat.Tests.Support;

namespace RxChat.Tests.Server.Log;

/// <summary>
/// The embedded log against a real SQLite file in a temporary data directory: what is
/// appended comes back in order after a restart, replay and live entries meet without a gap
/// or a repeat, a failed write leaves no trace, and snapshots replace the entries they cover.
/// </summary>
public sealed class SqliteCommandLogTests : IDisposable
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(10);
    private readonly TempDataDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Appended_runs_come_back_in_order_after_a_restart()
    {
        IReadOnlyList<Stamped>[] runs = [LogSamples.Lines(1, 3), [LogSamples.Stamp(new Join("games"), LogSamples.Bob)], LogSamples.Lines(4, 2)];
        using (var log = SqliteCommandLog.Open(_dir.Path))
            foreach (var run in runs) log.Append(run);

        using var reopened = SqliteCommandLog.Open(_dir.Path);
        var replayed = Replay(reopened, after: 0);

        Assert.Equal(runs.SelectMany(run => run).Select((s, i) => StoredEntry.Of(s).At(i + 1)), replayed);
        Assert.Equal(_dir.Database, reopened.Where);
    }

    [Fact]
    public void Entries_after_a_position_replays_only_what_follows_it()
    {
        using var log = SqliteCommandLog.Open(_dir.Path);
        log.Append(LogSamples.Lines(1, 10));

        Assert.Equal(Enumerable.Range(8, 3).Select(n => (long)n), Replay(log, after: 7).Select(e => e.Position));
        Assert.Empty(Replay(log, after: 10));
    }

    [Fact]
    public void Live_entries_follow_the_replay()
    {
        using var log = SqliteCommandLog.Open(_dir.Path);
        log.Append(LogSamples.Lines(1, 3000));
        var seen = new List<LogEntry>();

        using var subscription = log.EntriesOneByOne(1500).Subscribe(seen.Add);
        Assert.Equal(1500, seen.Count);
        log.Append(LogSamples.Lines(3001, 5));

        Assert.Equal(Enumerable.Range(1501, 1505).Select(n => (long)n), seen.Select(e => e.Position));
        Assert.Equal(new Say("line 3005"), seen[^1].Command);
    }

    [Fact]
    public async Task Subscribers_joining_while_another_thread_appends_miss_nothing_and_see_nothing_twice()
    {
        using var log = SqliteCommandLog.Open(_dir.Path);
        log.Append(LogSamples.Lines(1, 5000));
        const int Runs = 1500, PerRun = 7, Head = 5000 + Runs * PerRun;
        using var started = new ManualResetEventSlim();
        var appending = Task.Run(() =>
        {
            for (int i = 0; i < Runs; i++)
            {
                log.Append(LogSamples.Lines(5001 + i * PerRun, PerRun));
                started.Set();
            }
        });

        Assert.True(started.Wait(Generous));
        var seen = Enumerable.Range(0, 20).Select(_ => new List<long>()).ToList();
        var subscriptions = seen.Select((positions, i) =>
            log.EntriesOneByOne(i * 100).Subscribe(e => { lock (positions) positions.Add(e.Position); })).ToList();
        await appending.WaitAsync(Generous);

        for (int i = 0; i < seen.Count; i++)
            lock (seen[i]) Assert.Equal(Enumerable.Range(i * 100 + 1, Head - i * 100).Select(n => (long)n), seen[i]);
        subscriptions.ForEach(s => s.Dispose());
    }

    [Fact]
    public void A_run_is_published_only_once_it_is_committed()
    {
        using var log = SqliteCommandLog.Open(_dir.Path);
        using var reader = ReadOnly(_dir.Database);
        var storedWhenSeen = new List<long>();
        using var subscription = log.EntriesOneByOne(0).Subscribe(e =>
            storedWhenSeen.Add(Scalar(reader, $"SELECT count(*) FROM entries WHERE position = {e.Position}")));

        log.Append(LogSamples.Lines(1, 4));

        Assert.Equal([1, 1, 1, 1], storedWhenSeen);
    }

    [Fact]
    public void A_run_that_cannot_be_stored_is_refused_whole_published_not_at_all_and_the_log_goes_on()
    {
        using var log = SqliteCommandLog.Open(_dir.Path);
        log.Append(LogSamples.Lines(1, 2));
        var seen = new List<long>();
        using var subscription = log.EntriesOneByOne(0).Subscribe(e => seen.Add(e.Position));
        var big = Enumerable.Range(3, 50).Select(n => LogSamples.Stamp(new Say(new string('x', 2000)), LogSamples.Alice, n)).ToList();

        SimulateFullDisk(log, full: true);
        var refused = Assert.Throws<LogWriteException>(() => log.Append(big));
        SimulateFullDisk(log, full: false);
        log.Append(LogSamples.Lines(3, 1));

        Assert.Equal("could not store 50 commands: database or disk is full", refused.Message);
        Assert.Equal([1, 2, 3], seen);
        log.Dispose();
        using var reopened = SqliteCommandLog.Open(_dir.Path);
        Assert.Equal(["line 1", "line 2", "line 3"], Replay(reopened, 0).Select(e => ((Say)e.Command).Text));
    }

    [Fact]
    public async Task A_snapshot_replaces_the_entries_it_covers_and_is_there_after_a_restart()
    {
        var state = LogSamples.Conversation() with { Position = 2000 };
        using (var log = SqliteCommandLog.Open(_dir.Path))
        {
            log.Append(LogSamples.Lines(1, 2500));
            log.SaveSnapshot(state);
            await log.SnapshotWritten.WaitAsync(Generous);
        }

        using var reopened = SqliteCommandLog.Open(_dir.Path);
        var snapshot = reopened.LatestSnapshot();

        Assert.NotNull(snapshot);
        Assert.Equal(LogJson.Serialize(ChatSnapshot.Of(state)), LogJson.Serialize(snapshot));
        Assert.Equal(Enumerable.Range(2001, 500).Select(n => (long)n), Replay(reopened, 2000).Select(e => e.Position));
        Assert.Throws<LogUnusableException>(() => Replay(reopened, 0));
        using var reader = ReadOnly(_dir.Database);
        Assert.Equal(0, Scalar(reader, "SELECT count(*) FROM entries WHERE position <= 2000"));
    }

    [Fact]
    public async Task With_keep_entries_a_snapshot_deletes_none_of_the_entries_it_covers()
    {
        var state = LogSamples.Conversation() with { Position = 20 };
        using (var log = SqliteCommandLog.Open(_dir.Path, keepEntries: true))
        {
            log.Append(LogSamples.Lines(1, 30));
            log.SaveSnapshot(state);
            await log.SnapshotWritten.WaitAsync(Generous);
        }

        using var reopened = SqliteCommandLog.Open(_dir.Path);
        Assert.Equal(20, reopened.LatestSnapshot()!.Position); // a restart still starts from it
        Assert.Equal(Enumerable.Range(1, 30).Select(n => (long)n), Replay(reopened, 0).Select(e => e.Position)); // and every entry is still there to export
    }

    [Fact]
    public async Task A_newer_snapshot_replaces_the_older_one()
    {
        using var log = SqliteCommandLog.Open(_dir.Path);
        log.Append(LogSamples.Lines(1, 30));
        log.SaveSnapshot(LogSamples.Conversation() with { Position = 10 });
        await log.SnapshotWritten.WaitAsync(Generous);
        log.SaveSnapshot(LogSamples.Conversation() with { Position = 20 });
        await log.SnapshotWritten.WaitAsync(Generous);

        Assert.Equal(20, log.LatestSnapshot()!.Position);
        using var reader = ReadOnly(_dir.Database);
        Assert.Equal(1, Scalar(reader, "SELECT count(*) FROM snapshots"));
        Assert.Equal(21, Scalar(reader, "SELECT min(position) FROM entries"));
    }

    [Fact]
    public async Task A_snapshot_that_cannot_be_stored_is_logged_and_costs_nothing_else()
    {
        var captured = new CapturedLog();
        using var log = SqliteCommandLog.Open(_dir.Path, captured);
        log.Append(LogSamples.Lines(1, 10));

        var talkative = LogSamples.Conversation();
        for (int i = 0; i < 20; i++)
            talkative = Chat.Evolve(talkative, new Said(new Stamp(100 + i, LogSamples.Noon), LogSamples.Alice, "alice", "lobby", new string('x', 1000)));

        SimulateFullDisk(log, full: true);
        log.SaveSnapshot(talkative with { Position = 10 });
        await log.SnapshotWritten.WaitAsync(Generous);
        SimulateFullDisk(log, full: false);
        log.Append(LogSamples.Lines(11, 1));

        Assert.Equal([(LogLevel.Error, "Could not store the snapshot at log position 10")], captured.Entries);
        Assert.Null(log.LatestSnapshot());
        Assert.Equal(11, Replay(log, 0).Count);
        log.SaveSnapshot(talkative with { Position = 11 });
        await log.SnapshotWritten.WaitAsync(Generous);
        Assert.Equal(11, log.LatestSnapshot()?.Position);
    }

    [Fact]
    public void Disposing_waits_for_the_snapshot_being_written()
    {
        using (var log = SqliteCommandLog.Open(_dir.Path))
        {
            log.Append(LogSamples.Lines(1, 3));
            log.SaveSnapshot(LogSamples.Conversation() with { Position = 3 });
        }

        using var reopened = SqliteCommandLog.Open(_dir.Path);
        Assert.Equal(3, reopened.LatestSnapshot()?.Position);
    }

    [Fact]
    public void A_new_log_has_no_snapshot_and_no_entries()
    {
        using var log = SqliteCommandLog.Open(Path.Combine(_dir.Path, "not", "yet", "there"));

        Assert.Null(log.LatestSnapshot());
        Assert.Empty(Replay(log, 0));
    }

    [Fact]
    public async Task In_memory_the_log_works_and_keeps_nothing()
    {
        using (var log = SqliteCommandLog.Open(SqliteCommandLog.InMemory))
        {
            log.Append(LogSamples.Lines(1, 5));
            log.SaveSnapshot(LogSamples.Conversation() with { Position = 3 });
            await log.SnapshotWritten.WaitAsync(Generous);

            Assert.Equal("memory (nothing is kept)", log.Where);
            Assert.Equal(3, log.LatestSnapshot()?.Position);
            Assert.Equal([4L, 5L], Replay(log, 3).Select(e => e.Position));
        }

        using var again = SqliteCommandLog.Open(SqliteCommandLog.InMemory);
        Assert.Null(again.LatestSnapshot());
        Assert.Empty(Replay(again, 0));
    }

    [Fact]
    public void Appending_while_an_entry_is_being_delivered_is_refused()
    {
        using var log = SqliteCommandLog.Open(SqliteCommandLog.InMemory);
        Exception? refused = null;
        using var subscription = log.EntriesOneByOne(0).Subscribe(_ => refused ??= Record.Exception(() => log.Append(LogSamples.Lines(9, 1))));

        log.Append(LogSamples.Lines(1, 1));

        Assert.IsType<InvalidOperationException>(refused);
        Assert.Equal([1L], Replay(log, 0).Select(e => e.Position));
    }

    [Fact]
    public void A_subscriber_that_leaves_hears_no_more_and_the_rest_complete_when_the_log_closes()
    {
        var log = SqliteCommandLog.Open(SqliteCommandLog.InMemory);
        var left = new List<long>();
        var stayed = new List<long>();
        bool completed = false;
        var leaving = log.EntriesOneByOne(0).Subscribe(e => left.Add(e.Position));
        using var staying = log.EntriesOneByOne(0).Subscribe(e => stayed.Add(e.Position), () => completed = true);

        log.Append(LogSamples.Lines(1, 1));
        leaving.Dispose();
        log.Append(LogSamples.Lines(2, 1));
        log.Dispose();

        Assert.Equal([1L], left);
        Assert.Equal([1L, 2L], stayed);
        Assert.True(completed);
    }

    /// <summary>Everything <see cref="ICommandLog.Entries"/> replays: it is delivered during Subscribe.</summary>
    private static List<LogEntry> Replay(ICommandLog log, long after)
    {
        var entries = new List<LogEntry>();
        Exception? error = null;
        log.EntriesOneByOne(after).Subscribe(entries.Add, e => error = e).Dispose();
        return error is null ? entries : throw error;
    }

    /// <summary>
    /// Caps the log's file at its current size (<c>PRAGMA max_page_count</c> on the log's own
    /// connection: SQLite then fails a write that needs a new page as it fails on a full
    /// disk), or lifts the cap.
    /// </summary>
    private static void SimulateFullDisk(SqliteCommandLog log, bool full)
    {
        var connection = (SqliteConnection)typeof(SqliteCommandLog)
            .GetField("_connection", BindingFlags.NonPublic | BindingFlags.Instance)!.GetValue(log)!;
        using var command = connection.CreateCommand();
        command.CommandText = full ? "PRAGMA max_page_count = 1" : "PRAGMA max_page_count = 1073741823";
        command.ExecuteNonQuery();
    }

    private static SqliteConnection ReadOnly(string path)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        connection.Open();
        return connection;
    }

    private static long Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar());
    }
}
