using System.Security.Cryptography;
using RxChat.Tests.Support;

namespace RxChat.Tests.EndToEnd;

/// <summary>
/// A data directory whose database cannot be used (corrupt, not RxChat's): the server says
/// why in one line and exits non-zero, and the file is exactly as it was.
/// </summary>
public sealed class UnusableDataDirTests : IDisposable
{
    private readonly string _dataDir = Directory.CreateTempSubdirectory("rxchat-unusable-").FullName;

    [Fact]
    public async Task A_corrupt_database_stops_the_server_with_one_clear_line_and_is_left_untouched()
    {
        var file = Path.Combine(_dataDir, "rxchat.db");
        var garbage = new byte[64 * 1024];
        new Random(9).NextBytes(garbage);
        await File.WriteAllBytesAsync(file, garbage);
        var before = SHA256.HashData(garbage);

        await using var server = ServerProcess.Launch(["--host", "127.0.0.1", "--port", "0", "--data-dir", _dataDir]);
        Assert.Equal(2, await server.ExitCodeAsync());

        var said = Assert.Single(server.Log, line => line.StartsWith("rxchat: cannot start:", StringComparison.Ordinal));
        Assert.Contains(file, said);
        Assert.DoesNotContain(server.Log, line => line.Contains("Server started", StringComparison.Ordinal));
        Assert.DoesNotContain(server.Log, line => line.TrimStart().StartsWith("at ", StringComparison.Ordinal)); // no stack trace
        Assert.Equal(before, SHA256.HashData(await File.ReadAllBytesAsync(file)));
        Assert.Equal(["rxchat.db"], Directory.GetFiles(_dataDir).Select(Path.GetFileName)); // no -wal, no -shm left beside it
    }

    public void Dispose()
    {
        try { Directory.Delete(_dataDir, recursive: true); } catch (IOException) { }
    }
}
