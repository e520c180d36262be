namespace RxChat.Server.Transport;

/// <summary>The per-connection bounds of the transport.</summary>
/// <param name="CloseTimeoutSeconds">How long a hung-up connection may take to accept its last lines before it is cut off.</param>
public sealed record TransportLimits(
    int MaxLineBytes = RxChat.Protocol.ClientLines.DefaultMaxLineBytes,
    long MaxQueuedBytes = 1024 * 1024,
    double CloseTimeoutSeconds = 10)
{
    public static readonly TransportLimits Default = new();

    /// <summary>TCP keepalive on every TCP connection (WebSockets have Kestrel's and their own pings).</summary>
    public TcpKeepAlive KeepAlive { get; init; } = TcpKeepAlive.Default;
}
