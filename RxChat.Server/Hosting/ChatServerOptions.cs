using RxChat.Server.Pipeline;

namespace RxChat.Server.Hosting;

/// <summary>
/// Everything an operator can set, bound from the <c>RxChat</c> configuration section:
/// <c>appsettings.json</c>, environment variables (<c>RxChat__Port=8000</c>) or the
/// command line (<c>--port 8000</c>, <c>--host 127.0.0.1</c>, <c>--RxChat:Limits:MaxLineBytes 8192</c>).
/// </summary>
public sealed class ChatServerOptions
{
    public const string Section = "RxChat";

    /// <summary>The address to listen on; 0.0.0.0 (every interface) as in the original.</summary>
    public string Host { get; set; } = "0.0.0.0";

    /// <summary>The TCP port; 0 takes a free one (the log says which).</summary>
    public int Port { get; set; } = 7777;

    /// <summary>Distinguishes this server's connection ids from other nodes' (0 for a single server).</summary>
    public int Node { get; set; }

    /// <summary>IANA or Windows id of the zone for <c>[HH:MM:SS]</c>; empty means the server's local zone.</summary>
    public string? TimeZone { get; set; }

    public ChatLimits Limits { get; set; } = new();
}

/// <summary>The bounds that protect everyone from one bad client. Each has a safe default.</summary>
public sealed class ChatLimits
{
    /// <summary>Longest line in bytes; a longer one is answered with an error and dropped.</summary>
    public int MaxLineBytes { get; set; } = 4096;

    public int MaxUsernameLength { get; set; } = 32;

    public int MaxRoomNameLength { get; set; } = 64;

    /// <summary>Seconds a new connection has to send its username.</summary>
    public double LoginTimeoutSeconds { get; set; } = 30;

    /// <summary>Beyond this many open connections a new one hears "Server is full" and is closed.</summary>
    public int MaxConnections { get; set; } = 60_000;

    /// <summary>Bytes that may wait for one slow reader before it is disconnected.</summary>
    public long MaxQueuedBytes { get; set; } = 1024 * 1024;

    /// <summary>Seconds a closing connection has to take its last lines before it is cut off.</summary>
    public double CloseTimeoutSeconds { get; set; } = 10;

    /// <summary>Lines per second one connection may send once its burst is spent; 0 turns flood control off.</summary>
    public int FloodLinesPerSecond { get; set; } = FloodLimits.Default.LinesPerSecond;

    /// <summary>Lines one connection may send at once before the rate applies.</summary>
    public int FloodBurstLines { get; set; } = FloodLimits.Default.BurstLines;

    /// <summary>Dropped lines (forgiven once the sender pauses) after which a flooder is disconnected; 0 never disconnects.</summary>
    public int FloodDroppedLinesBeforeDisconnect { get; set; } = FloodLimits.Default.DroppedLinesBeforeDisconnect;
}
