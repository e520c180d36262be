using RxChat.Server.Core;

namespace RxChat.Server.Hosting;

/// <summary>
/// How nodes sharing one log tell that one of them is gone (<c>RxChat:Cluster</c>; README,
/// "Several servers"). Every node of a cluster must use the same values: they are part of
/// how the fold decides.
/// </summary>
public sealed record ClusterOptions
{
    /// <summary>Seconds a node may append nothing before it appends a heartbeat (only when the log is shared).</summary>
    public double HeartbeatEverySeconds { get; set; } = ChatRules.Default.HeartbeatEvery.TotalSeconds;

    /// <summary>Seconds of log time without a word from a node after which its users are removed.</summary>
    public double NodeTimeoutSeconds { get; set; } = ChatRules.Default.NodeTimeout.TotalSeconds;

    /// <summary><paramref name="rules"/> with these times, or why they cannot be used.</summary>
    public ChatRules ApplyTo(ChatRules rules)
    {
        if (!(HeartbeatEverySeconds > 0))
            throw new InvalidSettingException($"RxChat:Cluster:HeartbeatEverySeconds must be more than 0 (it is {HeartbeatEverySeconds})");
        if (!(NodeTimeoutSeconds > 2 * HeartbeatEverySeconds))
            throw new InvalidSettingException($"RxChat:Cluster:NodeTimeoutSeconds ({NodeTimeoutSeconds}) must be more than twice HeartbeatEverySeconds ({HeartbeatEverySeconds}), or a live node could be taken for lost between two heartbeats");
        return rules with { HeartbeatEvery = TimeSpan.FromSeconds(HeartbeatEverySeconds), NodeTimeout = TimeSpan.FromSeconds(NodeTimeoutSeconds) };
    }
}
