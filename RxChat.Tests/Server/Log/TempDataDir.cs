namespace RxChat.Tests.Server.Log;

/// <summary>A data directory of its own for one test, deleted with everything in it afterwards.</summary>
public sealed class TempDataDir : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("rxchat-log-").FullName;

    /// <summary>The log's file in this directory.</summary>
    public string Database => System.IO.Path.Combine(Path, "rxchat.db");

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
