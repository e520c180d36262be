using RxChat.Server.Core;
using RxChat.Server.Pipeline;
using RxChat.Server.Transport;

namespace RxChat.Server.Hosting;

/// <summary>
/// The bounds that protect everyone from one bad client (<c>RxChat:Limits</c>; README,
/// "Limits"). Each has a safe default, written where the bound is enforced and read here.
/// </summary>
public sealed record LimitsOptions
{
    /// <summary>Longest line in bytes; a longer one is answered with an error and dropped.</summary>
    public int MaxLineBytes { get; set; } = TransportLimits.Default.MaxLineBytes;

    public int MaxUsernameLength { get; set; } = ChatRules.Default.MaxUsernameLength;

    public int MaxRoomNameLength { get; set; } = ChatRules.Default.MaxRoomNameLength;

    /// <summary>Seconds a new connection has to send its username (and to finish its TLS handshake).</summary>
    public double LoginTimeoutSeconds { get; set; } = ChatOptions.Default.LoginTimeout.TotalSeconds;

    /// <summary>Beyond this many open connections, of every kind together, a new one is turned away ("Server is full").</summary>
    public int MaxConnections { get; set; } = 60_000;

    /// <summary>Rooms <c>/rooms</c> names at most (by name); past it, it says how many more there are.</summary>
    public int RoomsListed { get; set; } = ChatRules.Default.RoomsListed;

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
    public long MaxQueuedBytesTotal { get; set; } = ChatOptions.Default.MaxQueuedBytesTotal;

    /// <summary>Seconds a closing connection has to take its last lines before it is cut off.</summary>
    public double CloseTimeoutSeconds { get; set; } = TransportLimits.Default.CloseTimeoutSeconds;

    /// <summary>Lines per second one connection may send once its burst is spent; 0 turns flood control off.</summary>
    public int FloodLinesPerSecond { get; set; } = FloodLimits.Default.LinesPerSecond;

    /// <summary>Lines one connection may send at once before the rate applies.</summary>
    public int FloodBurstLines { get; set; } = FloodLimits.Default.BurstLines;

    /// <summary>Dropped lines (forgiven once the sender pauses) after which a flooder is disconnected; 0 never disconnects.</summary>
    public int FloodDroppedLinesBeforeDisconnect { get; set; } = FloodLimits.Default.DroppedLinesBeforeDisconnect;
}
