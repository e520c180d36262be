namespace RxChat.Server.Log;

/// <summary>
/// The data directory holds every password hash and the whole history: it is the server's
/// user's alone, whatever the umask (0700 for the directory, 0600 for each file). Files the
/// server makes are made so; a directory or file an older server left open is closed up
/// when the log is opened. SQLite makes its <c>-wal</c> and <c>-shm</c> files with the mode
/// of the database file, so making that one private is enough for them. (Windows: nothing to
/// do here, a new file takes the directory's ACL.)
/// </summary>
internal static class PrivateFiles
{
    public const UnixFileMode DirectoryMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    public const UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>The directory made, or made private, with 0700.</summary>
    public static void MakeDirectory(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            System.IO.Directory.CreateDirectory(path);
            return;
        }
        System.IO.Directory.CreateDirectory(path, DirectoryMode); // the mode applies only if it is made now
        System.IO.File.SetUnixFileMode(path, DirectoryMode);
    }

    /// <summary>
    /// The file made empty with 0600 when missing, or made 0600 when present (an empty file is
    /// what SQLite makes a new database of).
    /// </summary>
    public static void MakeFile(string path)
    {
        if (OperatingSystem.IsWindows()) return;
        if (!System.IO.File.Exists(path))
        {
            using var made = new FileStream(path, new FileStreamOptions
            {
                Mode = System.IO.FileMode.CreateNew,
                Access = FileAccess.Write,
                UnixCreateMode = FileMode,
            });
            return;
        }
        System.IO.File.SetUnixFileMode(path, FileMode);
    }

    /// <summary>Made 0600 if it exists (a <c>-wal</c> or <c>-shm</c> an older server left).</summary>
    public static void CloseUp(string path)
    {
        if (!OperatingSystem.IsWindows() && System.IO.File.Exists(path)) System.IO.File.SetUnixFileMode(path, FileMode);
    }
}
