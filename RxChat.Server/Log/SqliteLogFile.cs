using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace RxChat.Server.Log;

/// <summary>
/// What makes a SQLite database RxChat's log: its mark in the file header, its format
/// version, its two tables, and how a connection to it is set up. An existing file is
/// examined read-only before anything writes to it, so a file that is not ours, from a
/// newer RxChat, or damaged is refused with its bytes untouched.
/// </summary>
internal static class SqliteLogFile
{
    /// <summary>The file's name inside the data directory.</summary>
    public const string FileName = "rxchat.db";

    /// <summary><c>PRAGMA application_id</c>: "RxCh" in ASCII, so RxChat knows its own files from any other SQLite database.</summary>
    public const int ApplicationId = 0x52784368;

    /// <summary><c>PRAGMA user_version</c>: the layout of the tables. A newer RxChat that changes them raises it.</summary>
    public const int Format = 1;

    /// <summary>
    /// How long a write waits while another process (a backup, the <c>sqlite3</c> shell) holds
    /// the database: the log itself writes through one connection and never waits for itself.
    /// </summary>
    private const int BusyTimeoutMilliseconds = 10_000;

    /// <summary>
    /// Refuses an existing, non-empty file that cannot be RxChat's log, reading it only.
    /// An empty file, or a SQLite database with no tables at all, may become one.
    /// </summary>
    public static void Examine(string path)
    {
        var file = new FileInfo(path);
        if (!file.Exists || file.Length == 0) return;
        try
        {
            using var connection = new SqliteConnection(ConnectionString(path, SqliteOpenMode.ReadOnly));
            connection.Open();
            long applicationId = Scalar(connection, "PRAGMA application_id");
            long format = Scalar(connection, "PRAGMA user_version");
            long tables = Scalar(connection, "SELECT count(*) FROM sqlite_schema WHERE type = 'table'");
            if (applicationId != ApplicationId)
            {
                if (tables == 0) return;
                throw new LogUnusableException($"{path} is a SQLite database of another application, not an RxChat log");
            }
            if (format > Format)
                throw new LogUnusableException($"{path} was written by a newer RxChat (log format {format}; this RxChat reads format {Format})");
            if (format < Format)
                throw new LogUnusableException($"{path} has an unknown RxChat log format {format}");
            // Reads both ends of the entries and the latest snapshot, as opening will: a damaged
            // file usually shows here, without reading all of it. Damage deeper in is met when
            // the entries are replayed, and refused there with LogUnusableException too.
            // (Two queries: SQLite seeks a lone min() or max(), but scans for both at once.)
            Scalar(connection, "SELECT coalesce(min(position), 0) FROM entries");
            Scalar(connection, "SELECT coalesce(max(position), 0) FROM entries");
            Scalar(connection, "SELECT coalesce(length(body), 0) FROM snapshots ORDER BY position DESC LIMIT 1");
        }
        catch (SqliteException e)
        {
            throw Unusable(path, e);
        }
    }

    /// <summary>
    /// <c>PRAGMA journal_size_limit</c>: the bytes the WAL is cut back to after a checkpoint.
    /// SQLite reuses the WAL from its start rather than shrink it, so without a limit the file
    /// keeps its largest size ever (a burst while a snapshot held a checkpoint back). Four times
    /// its usual size (a checkpoint every 1,000 pages of 4 KiB), so a steady chat never pays for
    /// cutting and regrowing it.
    /// </summary>
    public const long JournalSizeLimit = 16 * 1024 * 1024;

    /// <summary>A read-write connection set up for the log; a new file gets its mark and tables.</summary>
    /// <param name="durability">What a commit survives: the <c>synchronous</c> setting (see <see cref="Durability"/>).</param>
    public static SqliteConnection Connect(string dataSource, Durability durability = Durability.Normal)
    {
        var connection = new SqliteConnection(ConnectionString(dataSource, SqliteOpenMode.ReadWriteCreate));
        connection.Open();
        // WAL: a commit appends only the pages it changed, and a reader never blocks the writer.
        // synchronous: NORMAL survives kill -9, FULL a power loss too (see Durability).
        Execute(connection, $"""
            PRAGMA journal_mode = WAL;
            PRAGMA synchronous = {(durability == Durability.Full ? "FULL" : "NORMAL")};
            PRAGMA journal_size_limit = {JournalSizeLimit};
            PRAGMA busy_timeout = {BusyTimeoutMilliseconds};
            """);
        if (Scalar(connection, "PRAGMA application_id") != ApplicationId)
        {
            Execute(connection, $"""
                BEGIN IMMEDIATE;
                PRAGMA application_id = {ApplicationId};
                PRAGMA user_version = {Format};
                CREATE TABLE entries (position INTEGER PRIMARY KEY, body BLOB NOT NULL);
                CREATE TABLE snapshots (position INTEGER PRIMARY KEY, body BLOB NOT NULL);
                COMMIT;
                """);
        }
        return connection;
    }

    /// <summary>A file that cannot be used, in one line: which file, and SQLite's own words for what is wrong.</summary>
    public static LogUnusableException Unusable(string path, SqliteException e) =>
        new($"{path} cannot be used as an RxChat log: {Reason(e)}", e);

    /// <summary>SQLite's own words for an error ("database or disk is full", "file is not a database").</summary>
    public static string Reason(SqliteException e)
    {
        // Microsoft.Data.Sqlite wraps them: "SQLite Error 13: 'database or disk is full'.".
        int open = e.Message.IndexOf('\''), close = e.Message.LastIndexOf('\'');
        return close > open + 1 ? e.Message[(open + 1)..close] : raw.sqlite3_errstr(e.SqliteErrorCode).utf8_to_string();
    }

    public static long Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar() ?? 0L);
    }

    public static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    /// <summary>No pooling: the log holds its connections for its lifetime, and closing one must really close the file.</summary>
    private static string ConnectionString(string dataSource, SqliteOpenMode mode) =>
        new SqliteConnectionStringBuilder { DataSource = dataSource, Mode = mode, Pooling = false }.ToString();
}
