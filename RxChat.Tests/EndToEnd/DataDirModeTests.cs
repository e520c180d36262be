using RxChat.Tests.Support;

namespace RxChat.Tests.EndToEnd;

/// <summary>
/// The data directory holds every password hash and the whole history: a real server started
/// under umask 022 (files 644, directories 755 unless it says otherwise) makes it 0700 and
/// each of its files 0600.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class DataDirModeTests : IDisposable
{
    private const UnixFileMode OwnerOnlyDirectory = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode OwnerOnlyFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private readonly string _parent = Directory.CreateTempSubdirectory("rxchat-modes-").FullName;

    public void Dispose() => Directory.Delete(_parent, recursive: true);

    private static void AssertPrivate(string dataDir)
    {
        Assert.Equal(OwnerOnlyDirectory, File.GetUnixFileMode(dataDir));
        var files = Directory.GetFiles(dataDir).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(["rxchat.db", "rxchat.db-shm", "rxchat.db-wal", "rxchat.lock"], files);
        foreach (var file in Directory.GetFiles(dataDir))
            Assert.True(File.GetUnixFileMode(file) == OwnerOnlyFile, $"{Path.GetFileName(file)} is {File.GetUnixFileMode(file)}");
    }

    [Fact]
    public async Task A_new_data_directory_and_its_files_are_the_owners_alone_under_umask_022()
    {
        var dataDir = Path.Combine(_parent, "data");
        await using var server = await ServerProcess.StartWithUmaskAsync("022", dataDir);
        // Something stored and a snapshot taken, so every file the log keeps is there.
        await using (var alice = await LineClient.LogInAsync(server.Port, "alice"))
        {
            await alice.SendLineAsync("/register correct-horse");
            Assert.Equal("Account created for alice", (await alice.ReadLinesAsync(2))[0]);
        }
        AssertPrivate(dataDir);
        // A file made by the umask's rule beside them (a shell's touch) would be 644: the modes above are the server's doing.
        var control = Path.Combine(_parent, "control");
        using (var shell = System.Diagnostics.Process.Start("sh", ["-c", $"umask 022 && touch '{control}'"]))
            await shell.WaitForExitAsync().WaitAsync(ServerProcess.Patience);
        Assert.Equal(OwnerOnlyFile | UnixFileMode.GroupRead | UnixFileMode.OtherRead, File.GetUnixFileMode(control));
    }

    [Fact]
    public async Task A_data_directory_an_older_server_left_readable_is_closed_up()
    {
        var dataDir = Path.Combine(_parent, "old");
        Directory.CreateDirectory(dataDir);
        const UnixFileMode readable = OwnerOnlyFile | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
        File.SetUnixFileMode(dataDir, OwnerOnlyDirectory | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        File.WriteAllBytes(Path.Combine(dataDir, "rxchat.db"), []);
        File.SetUnixFileMode(Path.Combine(dataDir, "rxchat.db"), readable);
        File.WriteAllBytes(Path.Combine(dataDir, "rxchat.lock"), []);
        File.SetUnixFileMode(Path.Combine(dataDir, "rxchat.lock"), readable);

        await using var server = await ServerProcess.StartWithUmaskAsync("022", dataDir);
        await using (var bob = await LineClient.LogInAsync(server.Port, "bob")) { }
        AssertPrivate(dataDir);
    }
}
