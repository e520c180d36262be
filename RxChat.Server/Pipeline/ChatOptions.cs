using RxChat.Server.Core;

namespace RxChat.Server.Pipeline;

/// <summary>What the pipeline needs to know beyond its inputs. The defaults here are the server's defaults.</summary>
public sealed record ChatOptions
{
    public static readonly ChatOptions Default = new();

    public ChatRules Rules { get; init; } = ChatRules.Default;

    /// <summary>This node's name: its connections' ids carry it, and its start and stop remove only its clients.</summary>
    public string Node { get; init; } = "local";

    /// <summary>
    /// Whether this node appends a <see cref="NodeHeartbeat"/> when it has appended nothing for
    /// <see cref="ChatRules.HeartbeatEvery"/>. Off by default: a node alone on the embedded
    /// log has nobody to reassure, and must not write a heartbeat into its file every two
    /// seconds forever. The host turns it on when the log is shared (NATS).
    /// </summary>
    public bool Heartbeats { get; init; }

    /// <summary>
    /// The TLS port, when a password over an unencrypted connection is refused (never read or
    /// checked) with a line naming it; null: accepted, with a warning that it travelled in clear.
    /// </summary>
    public int? PasswordsOnlyOverTls { get; init; }

    /// <summary>A connection that has not sent its username by then is closed.</summary>
    public TimeSpan LoginTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>A logged-in connection that sends nothing (not even a blank line) for this long is closed; zero: never.</summary>
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.Zero;

    /// <summary>Longest accepted line in bytes (for the error line; the framer enforces it).</summary>
    public int MaxLineBytes { get; init; } = Transport.TransportLimits.Default.MaxLineBytes;

    /// <summary>How many slow hashes run at once, server-wide, and how many may wait (<see cref="PasswordWork"/>).</summary>
    public PasswordWorkLimits PasswordWork { get; init; } = PasswordWorkLimits.Default;

    /// <summary>Leading bits of an IPv6 address that the wrong-password throttle counts as one address (128: each apart).</summary>
    public int ThrottleIPv6Prefix { get; init; } = PasswordThrottle.DefaultIPv6Prefix;

    /// <summary>How fast each connection may send lines (<see cref="FloodLimits.Off"/> for no limit).</summary>
    public FloodLimits Flood { get; init; } = FloodLimits.Default;

    /// <summary>The zone of the <c>[HH:MM:SS]</c> clock; the server's local zone unless configured.</summary>
    public TimeZoneInfo TimeZone { get; init; } = TimeZoneInfo.Local;

    /// <summary>Whether rooms hear <c>[T] bob is now the leader of main</c> (PROTOCOL.md Part 3).</summary>
    public bool AnnounceLeaders { get; init; } = true;

    /// <summary>
    /// The node's one memory budget: bytes the shared outbound buffer may hold for all
    /// connections together; past it, the readers furthest behind are cut first.
    /// </summary>
    public long MaxQueuedBytesTotal { get; init; } = 256L * 1024 * 1024;

    /// <summary>A snapshot of the chat is kept after this many log entries …</summary>
    public int SnapshotEveryEntries { get; init; } = 10_000;

    /// <summary>… or after this long, if anything happened since the last one.</summary>
    public TimeSpan SnapshotEvery { get; init; } = TimeSpan.FromMinutes(1);
}
