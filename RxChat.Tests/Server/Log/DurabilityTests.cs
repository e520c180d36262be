using Microsoft.Extensions.Configuration;
using RxChat.Server.Hosting;
using RxChat.Server.Log;

namespace RxChat.Tests.Server.Log;

/// <summary>
/// <c>--durability</c> reaches SQLite: read back from the log's own connection to a real file
/// (<c>synchronous</c> and <c>journal_size_limit</c> belong to a connection, not to the file).
/// </summary>
public sealed class DurabilityTests : IDisposable
{
    /// <summary>SQLite's numbers for <c>PRAGMA synchronous</c>.</summary>
    private const long Normal = 1, Full = 2;

    private readonly TempDataDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData(Durability.Normal, Normal)]
    [InlineData(Durability.Full, Full)]
    public void Each_durability_is_the_synchronous_setting_of_the_logs_connection(Durability durability, long synchronous)
    {
        using var log = SqliteCommandLog.Open(_dir.Path, durability: durability);
        log.Append(LogSamples.Lines(1, 3));

        Assert.Equal(synchronous, log.Setting("synchronous"));
        Assert.Equal(SqliteLogFile.JournalSizeLimit, log.Setting("journal_size_limit"));
        Assert.Equal(16L * 1024 * 1024, log.Setting("journal_size_limit"));
    }

    [Fact]
    public void Normal_is_the_default_of_the_log_and_of_the_options()
    {
        using var log = SqliteCommandLog.Open(_dir.Path);
        Assert.Equal(Normal, log.Setting("synchronous"));
        Assert.Equal(Durability.Normal, new ChatServerOptions().Durability);
    }

    [Theory]
    [InlineData("--durability|full", Full)]
    [InlineData("--durability|FULL", Full)]
    [InlineData("--RxChat:Durability|full", Full)]
    [InlineData("--durability|normal", Normal)]
    [InlineData("", Normal)]
    public async Task The_setting_on_the_command_line_reaches_the_servers_log_file(string args, long synchronous)
    {
        var reading = ServerCommandLine.Read([.. args.Split('|', StringSplitOptions.RemoveEmptyEntries), "--data-dir", _dir.Path]);
        Assert.Null(reading.Error);
        // As Program binds it: the command line's settings over an otherwise empty configuration.
        var options = new ConfigurationBuilder().AddInMemoryCollection(reading.Settings).Build()
            .GetSection(ChatServerOptions.Section).Get<ChatServerOptions>()!;
        options.Host = "127.0.0.1";
        options.Port = 0;
        options.HttpPort = -1;

        await using var server = await ChatServer.StartAsync(options);
        var log = Assert.IsType<SqliteCommandLog>(server.Log);
        Assert.Equal(_dir.Database, log.Where); // the real file, not one in memory
        Assert.Equal(synchronous, log.Setting("synchronous"));
        Assert.Equal(SqliteLogFile.JournalSizeLimit, log.Setting("journal_size_limit"));
    }
}
