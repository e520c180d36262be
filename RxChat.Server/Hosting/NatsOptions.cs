using RxChat.Server.Log.Nats;
using RxChat.Server.Pipeline;

namespace RxChat.Server.Hosting;

/// <summary>Several nodes sharing one log in NATS JetStream (<c>RxChat:Nats</c>; README: "Several servers").</summary>
public sealed record NatsOptions
{
    /// <summary>Where the defaults are written (<see cref="NatsLogOptions"/>); only they are read from it.</summary>
    private static readonly NatsLogOptions Unset = new([], ChatOptions.Default.Node);

    /// <summary>Comma-separated NATS server URLs (<c>--nats nats://127.0.0.1:4222,nats://…</c>); empty: the embedded log.</summary>
    public string? Urls { get; set; }

    /// <summary>
    /// The cluster's nodes, comma-separated (<c>--nats-nodes n1,n2,n3</c>): entries from any other
    /// node are skipped. Empty: any node whose subject someone may publish on. The same on every node.
    /// </summary>
    public string? Nodes { get; set; }

    /// <summary>A NATS <c>.creds</c> file or NKey seed file this node logs in to NATS with (<c>--nats-creds</c>).</summary>
    public string? CredsFile { get; set; }

    /// <summary>The NATS user this node logs in as (<c>--nats-user</c>); its password from <see cref="PasswordFile"/> or <c>RXCHAT_NATS_PASSWORD</c>.</summary>
    public string? User { get; set; }

    /// <summary>A file holding the NATS user's password (<c>--nats-password-file</c>); never a password on the command line.</summary>
    public string? PasswordFile { get; set; }

    /// <summary>A file holding a NATS token (<c>--nats-token-file</c>), or <c>RXCHAT_NATS_TOKEN</c> in the environment.</summary>
    public string? TokenFile { get; set; }

    /// <summary>The certificate authority (PEM) that signed the NATS servers' certificates, for <c>tls://</c> URLs (<c>--nats-ca</c>).</summary>
    public string? CaFile { get; set; }

    /// <summary>Copies JetStream keeps of the log and snapshots: 1, or 3 on a three-node NATS cluster.</summary>
    public int Replicas { get; set; } = NatsLogOptions.DefaultReplicas;

    /// <summary>The JetStream stream (and the prefix of the snapshot buckets) that holds the chat's log; the same on every node.</summary>
    public string Stream { get; set; } = Unset.Stream;

    /// <summary>Seconds a run is retried while JetStream does not answer (a leader election) before its lines are refused.</summary>
    public double RetryForSeconds { get; set; } = Unset.RetryFor.TotalSeconds;

    /// <summary>Seconds a lost connection may take to come back before users are told the log is unreachable.</summary>
    public double ReconnectGraceSeconds { get; set; } = Unset.ReconnectGrace.TotalSeconds;

    /// <summary>Seconds one publish waits for its acknowledgement before it is retried.</summary>
    public double AckTimeoutSeconds { get; set; } = Unset.AckTimeout.TotalSeconds;

    /// <summary>Seconds within which JetStream drops a run seen before; far longer than <see cref="RetryForSeconds"/>.</summary>
    public double DuplicateWindowSeconds { get; set; } = Unset.DuplicateWindow.TotalSeconds;

    /// <summary>Messages kept before the newest snapshot when the stream is purged, for nodes still reading behind it.</summary>
    public ulong KeptBehindSnapshot { get; set; } = Unset.KeptBehindSnapshot;

    /// <summary>Bytes past which a snapshot goes to the object store instead of one key-value entry.</summary>
    public int LargestInlineSnapshotBytes { get; set; } = Unset.LargestInlineSnapshot;

    /// <summary>Seconds start-up waits for NATS and the stream before the node gives up.</summary>
    public double StartTimeoutSeconds { get; set; } = Unset.StartTimeout.TotalSeconds;

    public bool IsOn => !string.IsNullOrWhiteSpace(Urls);

    /// <summary>Where the password is taken from the environment when no <see cref="PasswordFile"/> is given.</summary>
    public const string PasswordVariable = "RXCHAT_NATS_PASSWORD";

    /// <summary>Where a token is taken from the environment when no <see cref="TokenFile"/> is given.</summary>
    public const string TokenVariable = "RXCHAT_NATS_TOKEN";

    public IReadOnlyList<string> NodeList => Split(Nodes);

    /// <summary>How this node logs in to NATS, its secrets read now from their files or the environment; or why it cannot.</summary>
    public NatsCredentials Credentials()
    {
        int given = (CredsFile is { Length: > 0 } ? 1 : 0) + (User is { Length: > 0 } ? 1 : 0) + (TokenFile is { Length: > 0 } ? 1 : 0);
        if (given > 1)
            throw new InvalidSettingException("RxChat:Nats: give one way to log in to NATS: CredsFile, User (with PasswordFile or RXCHAT_NATS_PASSWORD), or TokenFile");
        if (CredsFile is { Length: > 0 } creds)
            return File.Exists(creds) ? NatsCredentials.FromFile(Path.GetFullPath(creds)) : throw new InvalidSettingException($"RxChat:Nats:CredsFile: no such file: {creds}");
        if (User is { Length: > 0 } user)
            return NatsCredentials.UserAndPassword(user, Secret("PasswordFile", PasswordFile, PasswordVariable)
                ?? throw new InvalidSettingException($"RxChat:Nats:User is given without a password: set RxChat:Nats:PasswordFile or {PasswordVariable}"));
        if (Secret("TokenFile", TokenFile, TokenVariable) is { } token) return NatsCredentials.FromToken(token);
        return NatsCredentials.None;
    }

    /// <summary>A secret from its file (first line, trimmed), else from the environment variable; null when neither has one.</summary>
    private static string? Secret(string setting, string? file, string variable)
    {
        if (file is { Length: > 0 })
        {
            if (!File.Exists(file)) throw new InvalidSettingException($"RxChat:Nats:{setting}: no such file: {file}");
            var text = File.ReadAllText(file).Trim();
            return text.Length > 0 ? text : throw new InvalidSettingException($"RxChat:Nats:{setting}: the file {file} is empty");
        }
        return Environment.GetEnvironmentVariable(variable) is { Length: > 0 } value ? value.Trim() : null;
    }

    public IReadOnlyList<string> UrlList => Split(Urls);

    private static string[] Split(string? list) => list?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [];
}
