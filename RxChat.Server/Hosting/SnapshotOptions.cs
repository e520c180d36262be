using RxChat.Server.Pipeline;

namespace RxChat.Server.Hosting;

/// <summary>How often the chat is snapshotted (<c>RxChat:Snapshots</c>), so a restart replays only what came after.</summary>
public sealed record SnapshotOptions
{
    public int EveryEntries { get; set; } = ChatOptions.Default.SnapshotEveryEntries;

    public double EverySeconds { get; set; } = ChatOptions.Default.SnapshotEvery.TotalSeconds;
}
