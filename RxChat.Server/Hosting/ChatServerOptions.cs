using RxChat.Server.Log;
using RxChat.Server.Pipeline;

namespace RxChat.Server.Hosting;

/// <summary>
/// The one options tree: everything an operator can set, bound from the <c>RxChat</c>
/// configuration section (<c>appsettings.json</c>, environment variables such as
/// <c>RxChat__Port=8000</c>, or the command line: <c>--port 8000</c>,
/// <c>--RxChat:Limits:MaxLineBytes 8192</c>), one record per section. Each default is written
/// once: here, or — for a value the core, the pipeline or the transport also runs with when
/// built on its own (the tests) — in that part's own record, which the tree reads and never
/// restates. What each part is given is derived from the tree in one place
/// (<c>ChatServerOptions.Parts.cs</c>).
/// </summary>
public sealed partial record ChatServerOptions
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

    /// <summary>
    /// What a stored line survives in the data directory's log: <c>normal</c> (the default) a
    /// killed process, <c>full</c> a power loss too, each run then waiting for the disk. Normal
    /// is the default because a lost process is the common failure, and flushing every run caps
    /// the chat at the disk's flushes per second (bench/README.md, Durability).
    /// </summary>
    public Durability Durability { get; set; } = Durability.Normal;

    /// <summary>IANA or Windows id of the zone for <c>[HH:MM:SS]</c>; empty means the server's local zone.</summary>
    public string? TimeZone { get; set; }

    /// <summary>Whether a room hears <c>[T] bob is now the leader of main</c> when its leader changes.</summary>
    public bool AnnounceLeaders { get; set; } = ChatOptions.Default.AnnounceLeaders;

    /// <summary>
    /// Reverse proxies and load balancers whose word on a user's address is taken, as CIDR
    /// ranges, comma-separated (<c>127.0.0.1/32, 10.0.0.0/8</c>): a TCP or TLS connection from
    /// them must start with a PROXY protocol header (v1 or v2), and a <c>/ws</c> handshake's
    /// <c>X-Forwarded-For</c> is read. Empty: nobody (the default).
    /// </summary>
    public string? TrustedProxies { get; set; }

    public HistoryOptions History { get; set; } = new();

    public RoomsOptions Rooms { get; set; } = new();

    /// <summary>The cluster's log in NATS JetStream (<c>--nats</c>); without it, the embedded log in <see cref="DataDir"/>.</summary>
    public NatsOptions Nats { get; set; } = new();

    public SnapshotOptions Snapshots { get; set; } = new();

    public LimitsOptions Limits { get; set; } = new();

    public AccountOptions Accounts { get; set; } = new();

    /// <summary>The TLS listener and HTTPS, off until a certificate is given.</summary>
    public TlsOptions Tls { get; set; } = new();

    public ClusterOptions Cluster { get; set; } = new();

    /// <summary>The HTTP side's bounds: allowed origins for <c>/ws</c>, HTTP connections at once.</summary>
    public WebOptions Web { get; set; } = new();

    /// <summary>IRC clients' ports, off until one is given.</summary>
    public IrcOptions Irc { get; set; } = new();
}
