using RxChat.Server.Core;
using RxChat.Server.Hosting;
using RxChat.Server.Log;

namespace RxChat.Tests.Server.Export;

/// <summary>
/// A known log in a real SQLite file in a temp data directory, appended through the log's own
/// code as the server appends it, and the operator's <c>export-marble</c> run on it.
/// </summary>
internal sealed class ExportedLog : IDisposable
{
    public static readonly DateTimeOffset Noon = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

    private readonly List<Stamped> _entries = [];

    public string DataDir { get; } = Directory.CreateTempSubdirectory("rxchat-export-").FullName;

    public void Dispose() => Directory.Delete(DataDir, recursive: true);

    /// <summary>An entry from connection <paramref name="connection"/> (0: the node itself) at <paramref name="seconds"/> after noon.</summary>
    public ExportedLog At(double seconds, long connection, Command command, string node = "local")
    {
        _entries.Add(new Stamped(new ConnectionId(node, connection), Noon.AddSeconds(seconds), command));
        return this;
    }

    /// <summary>Stores every entry so far, each its own run, in the data directory's log.</summary>
    public ExportedLog Store()
    {
        using var log = SqliteCommandLog.Open(DataDir, keepEntries: true);
        foreach (var entry in _entries) log.Append([entry]);
        _entries.Clear();
        return this;
    }

    /// <summary>Runs the command as Program does: its exit code, what it wrote, and what it said was wrong.</summary>
    public (int Code, string Marble, string Error) Export(long? from = null, long? to = null, string? dataDir = null)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int code = ExportMarbleCommand.Run(new ExportMarbleRequest(from, to, null), new ChatServerOptions { DataDir = dataDir ?? DataDir }, output, error);
        return (code, output.ToString(), error.ToString());
    }
}
