namespace RxChat.Server.Hosting;

/// <summary>
/// IRC clients (config section <c>RxChat:Irc</c>; <c>--irc-port</c>, <c>--irc-tls-port</c>):
/// off unless a port is given. Their connections come in through the same admission, limits
/// and log as every other kind.
/// </summary>
public sealed record IrcOptions
{
    /// <summary>The plain IRC port (6667 is IRC's own); null: no IRC; 0 takes a free one.</summary>
    public int? Port { get; set; }

    /// <summary>The IRC port over TLS (6697 is IRC's own), with the TLS certificate; null: none; 0 takes a free one.</summary>
    public int? TlsPort { get; set; }

    /// <summary>Seconds an IRC client may be quiet before it is sent PING; as long again to answer, or it is disconnected.</summary>
    public double PingSeconds { get; set; } = 60;
}
