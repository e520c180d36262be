using RxChat.Server.Log;

namespace RxChat.Tests.Server.Log;

/// <summary>
/// The WAL is checkpointed on a thread of its own, never inside a commit of the fold's: the
/// log's connection does not checkpoint, and what is appended still reaches the database file
/// while the log is open.
/// </summary>
public sealed class CheckpointerTests : IDisposable
{
    private readonly TempDataDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void The_logs_own_connection_never_checkpoints_inside_a_commit()
    {
        using var log = SqliteCommandLog.Open(_dir.Path);
        Assert.Equal(0, log.Setting("wal_autocheckpoint"));
    }

    [Fact]
    public void Entries_reach_the_database_file_in_the_background_while_the_log_is_open()
    {
        using var log = SqliteCommandLog.Open(_dir.Path);
        long before = new FileInfo(_dir.Database).Length;

        // Four times the bytes that ask for a checkpoint, in runs like the fold's.
        for (int line = 1; new FileInfo(_dir.Database + "-wal").Length < 4 * Checkpointer.NudgeBytes; line += 64)
        {
            log.Append(LogSamples.Lines(line, 64));
            Assert.True(line < 1_000_000, "the WAL did not grow");
        }
        Assert.True(SpinWait.SpinUntil(() => log.Checkpoints > 0, TimeSpan.FromSeconds(30)), "no checkpoint within 30 s");

        // The WAL's pages were copied into the file by the checkpointer, not at close.
        Assert.True(new FileInfo(_dir.Database).Length > before + Checkpointer.NudgeBytes,
            $"the database file grew from {before} to {new FileInfo(_dir.Database).Length} bytes only");
    }

    [Fact]
    public void A_log_in_memory_has_no_checkpointer()
    {
        using var log = SqliteCommandLog.Open(SqliteCommandLog.InMemory);
        log.Append(LogSamples.Lines(1, 5000));
        Assert.Equal(0, log.Checkpoints);
    }
}
