namespace RxChat.Server.Log.Nats;

/// <summary>
/// Where the cluster's log is kept and how: the NATS servers, the JetStream stream and the
/// buckets that hold snapshots. Each default is written here once.
/// </summary>
/// <param name="Urls">The NATS servers, e.g. <c>nats://127.0.0.1:4222</c>; the client reconnects to any of them.</param>
/// <param name="Node">This node's name (<c>--node</c>): the subject it publishes on (<see cref="Subject"/>), and part of every run's <c>Nats-Msg-Id</c>.</param>
/// <param name="Replicas">Copies JetStream keeps of the stream and the snapshots: 1, or 3 on a three-node NATS cluster.</param>
public sealed record NatsLogOptions(IReadOnlyList<string> Urls, string Node, int Replicas = NatsLogOptions.DefaultReplicas)
{
    /// <summary>One copy: a single NATS server.</summary>
    public const int DefaultReplicas = 1;

    /// <summary>The stream that holds the chat's log: every node's subject (<see cref="StreamSubjects"/>).</summary>
    public string Stream { get; init; } = "RXCHAT";

    /// <summary>What the stream captures: each node's own subject.</summary>
    public const string StreamSubjects = SubjectPrefix + ">";

    private const string SubjectPrefix = "rxchat.log.";

    /// <summary>
    /// Where this node publishes: a subject of its own, so NATS's permissions can let each
    /// node's user publish there only, and every reader can tell whose entries a message may hold.
    /// </summary>
    public string Subject => SubjectOf(Node);

    public static string SubjectOf(string node) => SubjectPrefix + node;

    /// <summary>The node whose subject <paramref name="subject"/> is, or null when it is none (a subject with more tokens, or not the log's).</summary>
    public static string? NodeOf(string subject) =>
        subject.StartsWith(SubjectPrefix, StringComparison.Ordinal) && subject.Length > SubjectPrefix.Length && !subject.AsSpan(SubjectPrefix.Length).Contains('.')
            ? subject[SubjectPrefix.Length..]
            : null;

    /// <summary>A node name is one subject token: letters, digits, <c>-</c> and <c>_</c>.</summary>
    public static bool IsNodeName(string node) =>
        node.Length is > 0 and <= 64 && node.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    /// <summary>The cluster's nodes: entries from any other node are skipped. Empty: any node, whoever may publish on <c>rxchat.log.{node}</c>.</summary>
    public IReadOnlyList<string> Nodes { get; init; } = [];

    /// <summary>How this node proves who it is to NATS; none: as the URL says (or anonymously).</summary>
    public NatsCredentials Credentials { get; init; } = NatsCredentials.None;

    /// <summary>The certificate authority that signed the NATS servers' certificates (for <c>tls://</c> URLs); null: the system's.</summary>
    public string? CaFile { get; init; }

    /// <summary>The URLs as they may be shown: any user, password or token in them hidden.</summary>
    public string ShownUrls => NatsRedaction.Redact(string.Join(",", Urls));

    /// <summary>The key-value bucket that names the newest snapshot (and holds it when it is small).</summary>
    public string SnapshotBucket => $"{Stream}_SNAPSHOTS".ToLowerInvariant();

    /// <summary>The object store for snapshots too large for one key-value entry.</summary>
    public string LargeSnapshotBucket => $"{Stream}_LARGE_SNAPSHOTS".ToLowerInvariant();

    /// <summary>
    /// How long a run is retried (with the same <c>Nats-Msg-Id</c>) while the connection is up
    /// but JetStream does not answer, e.g. while a new stream leader is elected (measured: 4–13 s
    /// on an idle machine, over 15 s on a busy one).
    /// The fold waits meanwhile, so the chat pauses instead of losing or reordering lines.
    /// </summary>
    public TimeSpan RetryFor { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long a lost connection may take to come back before runs are refused and users are
    /// told the log is unreachable: long enough for the client to reconnect to another server
    /// of a NATS cluster (measured: 0.13–0.26 s), so a server's failure costs nobody a line.
    /// </summary>
    public TimeSpan ReconnectGrace { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>One publish's wait for its acknowledgement before it is retried.</summary>
    public TimeSpan AckTimeout { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// JetStream drops a second message with a <c>Nats-Msg-Id</c> seen within this window. It is
    /// far longer than <see cref="RetryFor"/>, so a retried run is never stored twice.
    /// </summary>
    public TimeSpan DuplicateWindow { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Messages kept before the newest snapshot when the stream is purged, beyond what it
    /// covers: slack for a node still reading behind it (or starting from the snapshot it
    /// replaced), which would otherwise find messages gone. Quiet, two nodes heartbeating
    /// fill this in about three hours; busy, it holds up to 640,000 commands.
    /// </summary>
    public ulong KeptBehindSnapshot { get; init; } = 10_000;

    /// <summary>Snapshots larger than this go to the object store (a key-value entry must fit in one NATS message, 1 MiB by default).</summary>
    public int LargestInlineSnapshot { get; init; } = 900 * 1024;

    /// <summary>The connection to use, reconnecting quickly to whichever server is back (measured: a 2 s default pause becomes 0.13–0.26 s).</summary>
    public static readonly TimeSpan ReconnectWaitMin = TimeSpan.FromMilliseconds(100);

    public static readonly TimeSpan ReconnectWaitMax = TimeSpan.FromMilliseconds(500);

    public static readonly TimeSpan ReconnectJitter = TimeSpan.FromMilliseconds(50);

    /// <summary>How long start-up waits for NATS and the stream (a fresh cluster elects a leader first).</summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(30);
}
