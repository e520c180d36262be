using System.Security.Cryptography;
using Microsoft.Data.Sqlite;
using RxChat.Server.Log;

using RxChat.Tests.Support;

namespace RxChat.Tests.Server.Log;

/// <summary>
/// A data directory whose file cannot be RxChat's log — not SQLite, damaged, another
/// application's database, or from a newer RxChat — is refused in one clear line naming the
/// file, and the file is left exactly as it was.
/// </summary>
public sealed class UnusableLogFileTests : IDisposable
{
    private readonly TempDataDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void A_data_dir_another_server_holds_is_refused_and_free_again_once_it_is_closed()
    {
        using (var first = SqliteCommandLog.Open(_dir.Path))
        {
            first.Append(LogSamples.Lines(1, 3));
            var refused = Assert.Throws<LogUnusableException>(() => SqliteCommandLog.Open(_dir.Path));
            Assert.Contains("in use by another RxChat server", refused.Message);
            first.Append(LogSamples.Lines(4, 1)); // the holder is not disturbed
        }
        using var second = SqliteCommandLog.Open(_dir.Path);
        var replayed = new List<long>();
        using (second.EntriesOneByOne(0).Subscribe(e => replayed.Add(e.Position))) { } // the replay comes during Subscribe
        Assert.Equal([1, 2, 3, 4], replayed);
    }

    [Fact]
    public void Random_bytes_are_refused()
    {
        File.WriteAllBytes(_dir.Database, RandomNumberGenerator.GetBytes(10_000));

        var refused = RefusedUntouched();

        Assert.Contains("file is not a database", refused.Message);
    }

    [Fact]
    public void A_log_whose_pages_were_overwritten_is_refused()
    {
        using (var log = SqliteCommandLog.Open(_dir.Path)) log.Append(LogSamples.Lines(1, 2000));
        using (var file = File.OpenWrite(_dir.Database))
        {
            // Page 1 (the header and the list of tables) stays; the tables' pages become noise.
            file.Position = 4096;
            file.Write(RandomNumberGenerator.GetBytes((int)file.Length - 4096));
        }

        var refused = RefusedUntouched();

        Assert.Contains("malformed", refused.Message);
    }

    [Fact]
    public void Damage_in_the_middle_of_the_log_is_refused_when_the_replay_meets_it()
    {
        using (var log = SqliteCommandLog.Open(_dir.Path)) log.Append(LogSamples.Lines(1, 2000));
        using (var file = File.OpenWrite(_dir.Database))
        {
            // One page halfway: opening reads only the ends of the log.
            file.Position = file.Length / 4096 / 2 * 4096;
            file.Write(RandomNumberGenerator.GetBytes(4096));
        }

        using var damaged = SqliteCommandLog.Open(_dir.Path);
        Exception? error = null;
        damaged.EntriesOneByOne(0).Subscribe(_ => { }, e => error = e).Dispose();

        var refused = Assert.IsType<LogUnusableException>(error);
        Assert.Contains("malformed", refused.Message);
    }

    [Fact]
    public void Another_applications_database_is_refused()
    {
        Execute(_dir.Database, "CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL); INSERT INTO invoices VALUES (1, 9.5);");

        var refused = RefusedUntouched();

        Assert.Contains("another application", refused.Message);
    }

    [Fact]
    public void A_log_from_a_newer_rxchat_is_refused()
    {
        using (var log = SqliteCommandLog.Open(_dir.Path)) log.Append(LogSamples.Lines(1, 3));
        Execute(_dir.Database, $"PRAGMA user_version = {SqliteLogFile.Format + 1}");

        var refused = RefusedUntouched();

        Assert.Contains("newer RxChat", refused.Message);
    }

    [Fact]
    public void An_empty_file_or_a_database_without_tables_becomes_a_log()
    {
        File.WriteAllBytes(_dir.Database, []);
        using (var log = SqliteCommandLog.Open(_dir.Path)) log.Append(LogSamples.Lines(1, 1));
        File.Delete(_dir.Database);
        Execute(_dir.Database, "PRAGMA user_version = 7; VACUUM;");

        using var again = SqliteCommandLog.Open(_dir.Path);
        again.Append(LogSamples.Lines(1, 1));
    }

    /// <summary>Opens the data directory, expecting a refusal in one line naming the file, and checks the file did not change.</summary>
    private LogUnusableException RefusedUntouched()
    {
        byte[] before = SHA256.HashData(File.ReadAllBytes(_dir.Database));

        var refused = Assert.Throws<LogUnusableException>(() => SqliteCommandLog.Open(_dir.Path).Dispose());

        Assert.Equal(before, SHA256.HashData(File.ReadAllBytes(_dir.Database)));
        Assert.StartsWith(_dir.Database, refused.Message);
        Assert.DoesNotContain('\n', refused.Message);
        return refused;
    }

    private static void Execute(string path, string sql)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
