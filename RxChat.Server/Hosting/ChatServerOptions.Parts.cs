using RxChat.Server.Core;
using RxChat.Server.Log.Nats;
using RxChat.Server.Pipeline;
using RxChat.Server.Transport;

namespace RxChat.Server.Hosting;

/// <summary>
/// What each part of the server is given, derived from the options tree here and nowhere
/// else: the core's rules, the pipeline's options, the bounds of every connection, the
/// per-address limits and the cluster's log. The parts' records stay free of the
/// configuration's shape (Core, Pipeline and Transport never see Hosting).
/// </summary>
public sealed partial record ChatServerOptions
{
    /// <summary>The rules the pure core folds with; throws <see cref="InvalidSettingException"/> on cluster or removal times it cannot use.</summary>
    public ChatRules ToChatRules() => Rooms.ApplyTo(Cluster.ApplyTo(new ChatRules(Limits.MaxUsernameLength, Limits.MaxRoomNameLength,
        History.PerRoom, History.Rooms, History.OnJoin,
        AccountsRequired: Accounts.Required, MinPasswordLength: Accounts.MinPasswordLength,
        HistoryPerRoomBytes: History.PerRoomBytes, HistoryTotalBytes: History.TotalBytes, RoomsListed: Limits.RoomsListed)
    {
        MaxAccounts = Math.Max(0, Accounts.MaxAccounts),
        MaxRegistrations = Math.Max(0, Accounts.MaxRegistrations),
        RegistrationWindow = TimeSpan.FromSeconds(Math.Max(0, Accounts.RegistrationWindowSeconds)),
    }));

    public ChatOptions ToChatOptions() => new()
    {
        Rules = ToChatRules(),
        Node = Node,
        Heartbeats = Nats.IsOn, // other nodes read this one's log: its silence must mean something
        AnnounceLeaders = AnnounceLeaders,
        SnapshotEveryEntries = Snapshots.EveryEntries,
        SnapshotEvery = TimeSpan.FromSeconds(Snapshots.EverySeconds),
        LoginTimeout = LoginTimeout,
        IdleTimeout = TimeSpan.FromSeconds(Math.Max(0, Limits.IdleTimeoutSeconds)),
        MaxLineBytes = Limits.MaxLineBytes,
        MaxQueuedBytesTotal = Limits.MaxQueuedBytesTotal,
        PasswordWork = new PasswordWorkLimits(Math.Max(0, Accounts.HashingConcurrency), Math.Max(0, Accounts.HashingQueue)),
        ThrottleIPv6Prefix = Accounts.ThrottleIPv6Prefix is >= 1 and <= 128 ? Accounts.ThrottleIPv6Prefix
            : throw new InvalidSettingException($"RxChat:Accounts:ThrottleIPv6Prefix must be from 1 to 128 (it is {Accounts.ThrottleIPv6Prefix})"),
        Flood = new FloodLimits(Limits.FloodLinesPerSecond, Limits.FloodBurstLines, Limits.FloodDroppedLinesBeforeDisconnect),
        TimeZone = string.IsNullOrWhiteSpace(TimeZone)
            ? TimeZoneInfo.Local
            : TimeZoneInfo.FindSystemTimeZoneById(TimeZone),
    };

    /// <summary>The bounds every connection is made with, whatever its kind.</summary>
    public TransportLimits ToTransportLimits() => new(Limits.MaxLineBytes, Limits.MaxQueuedBytes, Limits.CloseTimeoutSeconds)
    {
        KeepAlive = new TcpKeepAlive(Limits.KeepAliveIdleSeconds, Limits.KeepAliveIntervalSeconds, Limits.KeepAliveProbes),
    };

    public AddressLimits ToAddressLimits() =>
        new(Limits.MaxConnectionsPerAddress, Limits.NewConnectionsPerAddressPerMinute, Limits.ExemptLoopback);

    /// <summary>The peers whose PROXY header or <c>X-Forwarded-For</c> is read (<see cref="TrustedProxies"/>).</summary>
    /// <exception cref="InvalidSettingException">An entry is no address or range.</exception>
    public Transport.TrustedProxies ToTrustedProxies()
    {
        try { return Transport.TrustedProxies.Parse(TrustedProxies); }
        catch (FormatException e) { throw new InvalidSettingException($"bad value for {Section}:{nameof(TrustedProxies)}: {e.Message}"); }
    }

    /// <summary>The shared log in NATS JetStream; only meaningful when <see cref="NatsOptions.IsOn"/>. Reads the NATS secrets, or says why it cannot.</summary>
    public NatsLogOptions ToNatsLogOptions() => new(Nats.UrlList, NatsLogOptions.IsNodeName(Node) ? Node
        : throw new InvalidSettingException($"RxChat:Node \"{Node}\" cannot name a node sharing a log in NATS: its subject takes letters, digits, - and _ only"), Nats.Replicas)
    {
        Stream = Nats.Stream,
        Nodes = Nats.NodeList.FirstOrDefault(n => !NatsLogOptions.IsNodeName(n)) is { } bad
            ? throw new InvalidSettingException($"RxChat:Nats:Nodes: \"{bad}\" is not a node name (letters, digits, - and _)")
            : Nats.NodeList,
        Credentials = Nats.Credentials(),
        CaFile = Nats.CaFile is { Length: > 0 } ca ? (File.Exists(ca) ? Path.GetFullPath(ca) : throw new InvalidSettingException($"RxChat:Nats:CaFile: no such file: {ca}")) : null,
        RetryFor = TimeSpan.FromSeconds(Nats.RetryForSeconds),
        ReconnectGrace = TimeSpan.FromSeconds(Nats.ReconnectGraceSeconds),
        AckTimeout = TimeSpan.FromSeconds(Nats.AckTimeoutSeconds),
        DuplicateWindow = TimeSpan.FromSeconds(Nats.DuplicateWindowSeconds),
        KeptBehindSnapshot = Nats.KeptBehindSnapshot,
        LargestInlineSnapshot = Nats.LargestInlineSnapshotBytes,
        StartTimeout = TimeSpan.FromSeconds(Nats.StartTimeoutSeconds),
    };

    /// <summary>The time a new connection has to log in; a TLS handshake has the same.</summary>
    public TimeSpan LoginTimeout => TimeSpan.FromSeconds(Limits.LoginTimeoutSeconds);
}
