using RxChat.Server.Log.Nats;

namespace RxChat.Server.Hosting;

/// <summary>Several nodes sharing one log in NATS JetStream (<c>RxChat:Nats</c>; README: "Several servers").</summary>
public sealed record NatsOptions
{
    /// <summary>Comma-separated NATS server URLs (<c>--nats nats://127.0.0.1:4222,nats://…</c>); empty: the embedded log.</summary>
    public string? Urls { get; set; }

    /// <summary>Copies JetStream keeps of the log and snapshots: 1, or 3 on a three-node NATS cluster.</summary>
    public int Replicas { get; set; } = NatsLogOptions.DefaultReplicas;

    public bool IsOn => !string.IsNullOrWhiteSpace(Urls);

    public IReadOnlyList<string> UrlList => Urls?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [];
}
