namespace RxChat.Server.Log;

/// <summary>
/// One server per data directory: two would both append at the same log positions. The
/// lock is an exclusively opened <c>rxchat.lock</c> (an advisory <c>flock</c> on Unix), so it
/// is released by the system however the holder ends, <c>kill -9</c> included.
/// </summary>
internal sealed class DataDirLock : IDisposable
{
    public const string FileName = "rxchat.lock";

    private readonly FileStream _held;

    private DataDirLock(FileStream held) => _held = held;

    public static DataDirLock Take(string dataDir)
    {
        var path = Path.Combine(dataDir, FileName);
        try
        {
            var how = new FileStreamOptions { Mode = FileMode.OpenOrCreate, Access = FileAccess.ReadWrite, Share = FileShare.None };
            if (!OperatingSystem.IsWindows()) how.UnixCreateMode = PrivateFiles.FileMode;
            var held = new FileStream(path, how);
            PrivateFiles.CloseUp(path); // one an older server made
            return new DataDirLock(held);
        }
        catch (IOException e)
        {
            throw new LogUnusableException($"{Path.GetFullPath(dataDir)} is in use by another RxChat server", e);
        }
    }

    /// <summary>Lets go of the directory; <paramref name="removeFile"/> when the log was never opened, so nothing is left behind.</summary>
    public void Release(bool removeFile = false)
    {
        if (removeFile) File.Delete(_held.Name); // still held: nobody else can have it
        _held.Dispose();
    }

    public void Dispose() => Release();
}
