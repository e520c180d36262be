using RxChat.Server.Log.Nats;
using RxChat.Server.Pipeline;

namespace RxChat.Server.Hosting;

/// <summary>Several nodes sharing one log in NATS JetStream (<c>RxChat:Nats</c>; README: "Several servers").</summary>
public sealed record NatsOptions
{
    /// <summary>Where the defaults are written (<see cref="NatsLogOptions"/>); only they are read from it.</summary>
    private static readonly NatsLogOptions Unset = new([], ChatOptions.Default.Node);

    /// <summary>Comma-separated NATS server URLs (<c>--nats nats://127.0.0.1:4222,nats://…</c>); empty: the embedded log.</summary>
    public string? Urls { get; set; }

    /// <summary>Copies JetStream keeps of the log and snapshots: 1, or 3 on a three-node NATS cluster.</summary>
    public int Replicas { get; set; } = NatsLogOptions.DefaultReplicas;

    /// <summary>The JetStream stream (and the prefix of the snapshot buckets) that holds the chat's log; the same on every node.</summary>
    public string Stream { get; set; } = Unset.Stream;

    /// <summary>Seconds a run is retried while JetStream does not answer (a leader election) before its lines are refused.</summary>
    public double RetryForSeconds { get; set; } = Unset.RetryFor.TotalSeconds;

    /// <summary>Seconds a lost connection may take to come back before users are told the log is unreachable.</summary>
    public double ReconnectGraceSeconds { get; set; } = Unset.ReconnectGrace.TotalSeconds;

    /// <summary>Seconds one publish waits for its acknowledgement before it is retried.</summary>
    public double AckTimeoutSeconds { get; set; } = Unset.AckTimeout.TotalSeconds;

    /// <summary>Seconds within which JetStream drops a run seen before; far longer than <see cref="RetryForSeconds"/>.</summary>
    public double DuplicateWindowSeconds { get; set; } = Unset.DuplicateWindow.TotalSeconds;

    /// <summary>Messages kept before the newest snapshot when the stream is purged, for nodes still reading behind it.</summary>
    public ulong KeptBehindSnapshot { get; set; } = Unset.KeptBehindSnapshot;

    /// <summary>Bytes past which a snapshot goes to the object store instead of one key-value entry.</summary>
    public int LargestInlineSnapshotBytes { get; set; } = Unset.LargestInlineSnapshot;

    /// <summary>Seconds start-up waits for NATS and the stream before the node gives up.</summary>
    public double StartTimeoutSeconds { get; set; } = Unset.StartTimeout.TotalSeconds;

    public bool IsOn => !string.IsNullOrWhiteSpace(Urls);

    public IReadOnlyList<string> UrlList => Urls?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [];
}
