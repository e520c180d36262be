using RxChat.Server.Pipeline;

namespace RxChat.Server.Hosting;

/// <summary>How often the chat is snapshotted (<c>RxChat:Snapshots</c>), so a restart replays only what came after.</summary>
public sealed record SnapshotOptions
{
    public int EveryEntries { get; set; } = ChatOptions.Default.SnapshotEveryEntries;

    public double EverySeconds { get; set; } = ChatOptions.Default.SnapshotEvery.TotalSeconds;

    /// <summary>
    /// Keeps the entries a snapshot covers instead of deleting them (the embedded log only): the
    /// log grows, and any stretch of it can be exported as a marble scenario (<c>export-marble</c>).
    /// </summary>
    public bool KeepEntries { get; set; }
}
