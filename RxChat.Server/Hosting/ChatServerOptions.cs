using RxChat.Server.Core;
using RxChat.Server.Pipeline;
using RxChat.Server.Transport;

namespace RxChat.Server.Hosting;

/// <summary>
/// Everything an operator can set, bound from the <c>RxChat</c> configuration section:
/// <c>appsettings.json</c>, environment variables (<c>RxChat__Port=8000</c>) or the
/// command line (<c>--port 8000</c>, <c>--host 127.0.0.1</c>, <c>--RxChat:Limits:MaxLineBytes 8192</c>).
/// Each default is written once, in the record that uses it (<see cref="ChatRules"/>,
/// <see cref="ChatOptions"/>, <see cref="FloodLimits"/>, <see cref="TransportLimits"/>); these read it from there.
/// </summary>
public sealed class ChatServerOptions
{
    public const string Section = "RxChat";

    /// <summary>The address to listen on; 0.0.0.0 (every interface) as in the original.</summary>
    public string Host { get; set; } = "0.0.0.0";

    /// <summary>The TCP port; 0 takes a free one (the log says which).</summary>
    public int Port { get; set; } = 7777;

    /// <summary>
    /// The HTTP port: the web page at <c>/</c>, the WebSocket at <c>/ws</c>, <c>/metrics</c> and
    /// <c>/healthz</c>, on <see cref="Host"/>. 0 takes a free one (the log says which); a
    /// negative port turns HTTP off.
    /// </summary>
    public int HttpPort { get; set; } = 8080;

    /// <summary>This server's name among the nodes sharing a log; its start and stop remove only its own clients.</summary>
    public string Node { get; set; } = ChatOptions.Default.Node;

    /// <summary>
    /// Where the log (one SQLite file) is kept: relative to the directory the server is run
    /// from. <c>:memory:</c> keeps nothing, for tests and benchmarks.
    /// </summary>
    public string DataDir { get; set; } = "data";

    /// <summary>IANA or Windows id of the zone for <c>[HH:MM:SS]</c>; empty means the server's local zone.</summary>
    public string? TimeZone { get; set; }

    /// <summary>Whether a room hears <c>[T] bob is now the leader of main</c> when its leader changes.</summary>
    public bool AnnounceLeaders { get; set; } = ChatOptions.Default.AnnounceLeaders;

    public HistoryOptions History { get; set; } = new();

    /// <summary>The cluster's log in NATS JetStream (<c>--nats</c>); without it, the embedded log in <see cref="DataDir"/>.</summary>
    public NatsOptions Nats { get; set; } = new();

    public SnapshotOptions Snapshots { get; set; } = new();

    public ChatLimits Limits { get; set; } = new();

    public AccountOptions Accounts { get; set; } = new();

    /// <summary>The TLS listener and HTTPS, off until a certificate is given.</summary>
    public TlsOptions Tls { get; set; } = new();

    public ClusterOptions Cluster { get; set; } = new();
}

/// <summary>Accounts (PROTOCOL.md Part 3): <c>/register</c>, <c>/password</c>, the password asked at login.</summary>
public sealed class AccountOptions
{
    /// <summary>Only names with an account may log in (make the first one with <c>accounts add</c>).</summary>
    public bool Required { get; set; } = ChatRules.Default.AccountsRequired;

    /// <summary>The shortest password <c>/register</c> and <c>/password</c> accept.</summary>
    public int MinPasswordLength { get; set; } = ChatRules.Default.MinPasswordLength;
}

/// <summary>
/// How nodes sharing one log tell that one of them is gone (README, "Several servers").
/// Every node of a cluster must use the same values: they are part of how the fold decides.
/// </summary>
public sealed class ClusterOptions
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

/// <summary>Room history (PROTOCOL.md Part 3).</summary>
public sealed class HistoryOptions
{
    /// <summary>Chat lines kept per room (0: no history).</summary>
    public int PerRoom { get; set; } = ChatRules.Default.HistoryPerRoom;

    /// <summary>Rooms whose history is kept; past it, the room quiet the longest is forgotten.</summary>
    public int Rooms { get; set; } = ChatRules.Default.HistoryRooms;

    /// <summary>Lines a joiner is shown, and what <c>/history</c> shows by default (0: none on join).</summary>
    public int OnJoin { get; set; } = ChatRules.Default.HistoryOnJoin;
}

/// <summary>How often the chat is snapshotted, so a restart replays only what came after.</summary>
public sealed class SnapshotOptions
{
    public int EveryEntries { get; set; } = ChatOptions.Default.SnapshotEveryEntries;

    public double EverySeconds { get; set; } = ChatOptions.Default.SnapshotEvery.TotalSeconds;
}

/// <summary>The bounds that protect everyone from one bad client. Each has a safe default.</summary>
public sealed class ChatLimits
{
    /// <summary>Longest line in bytes; a longer one is answered with an error and dropped.</summary>
    public int MaxLineBytes { get; set; } = TransportLimits.Default.MaxLineBytes;

    public int MaxUsernameLength { get; set; } = ChatRules.Default.MaxUsernameLength;

    public int MaxRoomNameLength { get; set; } = ChatRules.Default.MaxRoomNameLength;

    /// <summary>Seconds a new connection has to send its username.</summary>
    public double LoginTimeoutSeconds { get; set; } = ChatOptions.Default.LoginTimeout.TotalSeconds;

    /// <summary>Beyond this many open connections a new one hears "Server is full" and is closed.</summary>
    public int MaxConnections { get; set; } = 60_000;

    /// <summary>Connections one remote address may hold open at once (0: no limit).</summary>
    public int MaxConnectionsPerAddress { get; set; } = AddressLimits.Default.MaxOpen;

    /// <summary>Connections one remote address may open per minute (0: no limit).</summary>
    public int NewConnectionsPerAddressPerMinute { get; set; } = AddressLimits.Default.NewPerMinute;

    /// <summary>Whether connections from this machine (127.0.0.0/8, ::1) skip the per-address limits.</summary>
    public bool ExemptLoopback { get; set; } = AddressLimits.Default.ExemptLoopback;

    /// <summary>Quiet seconds before TCP keepalive probes a connection (0: no keepalive).</summary>
    public int KeepAliveIdleSeconds { get; set; } = TcpKeepAlive.Default.IdleSeconds;

    /// <summary>Seconds between unanswered keepalive probes.</summary>
    public int KeepAliveIntervalSeconds { get; set; } = TcpKeepAlive.Default.IntervalSeconds;

    /// <summary>Unanswered keepalive probes after which the peer counts as gone.</summary>
    public int KeepAliveProbes { get; set; } = TcpKeepAlive.Default.Probes;

    /// <summary>Seconds a logged-in connection may send nothing before it is closed (0: forever).</summary>
    public double IdleTimeoutSeconds { get; set; } = ChatOptions.Default.IdleTimeout.TotalSeconds;

    /// <summary>Bytes that may wait for one slow reader before it is disconnected.</summary>
    public long MaxQueuedBytes { get; set; } = TransportLimits.Default.MaxQueuedBytes;

    /// <summary>Bytes that may wait for all connections together; past it, the readers furthest behind are disconnected first.</summary>
    public long MaxQueuedBytesTotal { get; set; } = TransportLimits.Default.MaxQueuedBytesTotal;

    /// <summary>Seconds a closing connection has to take its last lines before it is cut off.</summary>
    public double CloseTimeoutSeconds { get; set; } = TransportLimits.Default.CloseTimeoutSeconds;

    /// <summary>Lines per second one connection may send once its burst is spent; 0 turns flood control off.</summary>
    public int FloodLinesPerSecond { get; set; } = FloodLimits.Default.LinesPerSecond;

    /// <summary>Lines one connection may send at once before the rate applies.</summary>
    public int FloodBurstLines { get; set; } = FloodLimits.Default.BurstLines;

    /// <summary>Dropped lines (forgiven once the sender pauses) after which a flooder is disconnected; 0 never disconnects.</summary>
    public int FloodDroppedLinesBeforeDisconnect { get; set; } = FloodLimits.Default.DroppedLinesBeforeDisconnect;
}

/// <summary>Several nodes sharing one log in NATS JetStream (README: "Several servers").</summary>
public sealed class NatsOptions
{
    /// <summary>Comma-separated NATS server URLs (<c>--nats nats://127.0.0.1:4222,nats://…</c>); empty: the embedded log.</summary>
    public string? Urls { get; set; }

    /// <summary>Copies JetStream keeps of the log and snapshots: 1, or 3 on a three-node NATS cluster.</summary>
    public int Replicas { get; set; } = 1;

    public bool IsOn => !string.IsNullOrWhiteSpace(Urls);

    public IReadOnlyList<string> UrlList => Urls?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [];
}
