using System.Net;
using System.Net.Sockets;
using System.Reactive.Concurrency;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using RxChat.Server.Core;
using RxChat.Server.Log;
using RxChat.Server.Log.Nats;
using RxChat.Server.Pipeline;
using RxChat.Server.Protocol;
using RxChat.Server.Transport;
using RxChat.Server.Watch;

namespace RxChat.Server.Hosting;

/// <summary>
/// A running chat server: a TCP port (and a TLS one), and an HTTP port whose WebSockets join
/// them, all coming in through one <see cref="Transport.Admission"/> that feeds one
/// <see cref="ChatPipeline"/> over the log in the data directory. Start it with
/// <see cref="StartAsync"/>; dispose it (or call <see cref="StopAsync"/>) to tell everyone,
/// close every connection and close the log.
/// </summary>
public sealed class ChatServer : IAsyncDisposable
{
    private static readonly TimeSpan GraceOnStop = TimeSpan.FromSeconds(3);

    private readonly TcpEntrance _plain;
    private readonly TcpEntrance? _secure;
    private readonly TcpEntrance? _irc;
    private readonly TcpEntrance? _ircSecure;
    private readonly ILogger _logger;
    private WebFront? _web;
    private readonly ICommandLog _log;
    private readonly IDisposable _foldThread;
    private readonly IDisposable _running;
    private readonly PosixSignalRegistration? _reloadOnHangup;
    private int _stopped;

    private ChatServer(Socket listener, ChatServerOptions options, ILogger logger, IScheduler clock, ICommandLog log, IScheduler foldThread,
        Socket? tlsListener = null, ServerTls? tls = null, IrcListeners irc = default)
    {
        var proxies = options.ToTrustedProxies();
        int? tlsPort = tlsListener is null ? null : ((IPEndPoint)tlsListener.LocalEndPoint!).Port;
        _log = log;
        _logger = logger;
        EndPoint = (IPEndPoint)listener.LocalEndPoint!;
        _foldThread = (IDisposable)foldThread;
        Metrics = new ChatMetrics(() => Pipeline, () => Admission?.QueuedBytes ?? 0); // each made after the metrics that count it
        Admission = new Admission(options.Node, options.Limits.MaxConnections, new ConnectionsPerAddress(options.ToAddressLimits(), clock),
            options.ToTransportLimits(), Metrics, logger, httpPerAddress: new ConnectionsPerAddress(options.ToAddressLimits(), clock));
        var chatOptions = options.ToChatOptions() with { PasswordsOnlyOverTls = options.Accounts.PasswordsOnlyOverTls ? tlsPort : null };
        Pipeline = new ChatPipeline(chatOptions, log, clock, foldThread, logger, Metrics);
        // The pipeline listens before any listener lets anyone in.
        _running = Pipeline.Run(Admission.Arrivals);
        _plain = new TcpEntrance(listener, tls: null, Admission, logger, proxies, options.LoginTimeout);
        if (tlsListener is not null) _secure = new TcpEntrance(tlsListener, tls, Admission, logger, proxies, options.LoginTimeout);
        // SIGHUP reads the certificate again at once (a renewal is also seen at the next handshake by itself).
        if (tls is not null && !OperatingSystem.IsWindows())
            _reloadOnHangup = PosixSignalRegistration.Create(PosixSignal.SIGHUP, signal =>
            {
                signal.Cancel = true; // a reload, not the end of the server
                logger.LogInformation("SIGHUP: reading the TLS certificate again");
                tls.Reload();
            });
        var pingEvery = TimeSpan.FromSeconds(options.Irc.PingSeconds);
        if (irc.Plain is { } ircListener) _irc = IrcEntrance(ircListener, null, ConnectionKind.Irc);
        if (irc.Secure is { } ircTlsListener) _ircSecure = IrcEntrance(ircTlsListener, tls, ConnectionKind.IrcTls);

        TcpEntrance IrcEntrance(Socket socket, ServerTls? ircTls, ConnectionKind kind) => new(socket, ircTls, Admission, logger, kind,
            (id, accepted, _) => new IrcConnection(id, accepted, Admission.Limits, pingEvery, ircTls),
            refusal => IrcWords.FromServer("ERROR", refusal), proxies, options.LoginTimeout);
    }

    /// <summary>The IRC ports' listening sockets, when IRC is on.</summary>
    private readonly record struct IrcListeners(Socket? Plain, Socket? Secure)
    {
        public void Dispose()
        {
            Plain?.Dispose();
            Secure?.Dispose();
        }
    }

    /// <summary>Starts accepting on the TCP and TLS ports, once every port (HTTP and HTTPS too) is bound.</summary>
    private void OpenEntrances()
    {
        // Counted now, with every listener bound and most of what the server loads loaded.
        var webShare = _web is null ? 0 : Descriptors.WebShare() ?? 0;
        if (Descriptors.ConnectionBound(webShare) is { } descriptors && Admission.BoundBy(descriptors.Bound))
            _logger.LogWarning("At most {Bound} connections: the descriptor limit (ulimit -n) is {Limit}, {Open} are the server's own, and some are kept in reserve",
                descriptors.Bound, descriptors.Limit, descriptors.Open);
        _plain.Open();
        _secure?.Open();
        _irc?.Open();
        _ircSecure?.Open();
    }

    public IPEndPoint EndPoint { get; }
    public int Port => EndPoint.Port;

    /// <summary>The TLS port, or null when TLS is off.</summary>
    public int? TlsPort => _secure?.Port;

    public ChatPipeline Pipeline { get; }

    /// <summary>The log the chat is folded from (for tests: what reached it, such as its durability).</summary>
    internal ICommandLog Log => _log;

    /// <summary>The IRC port, or null when IRC is off.</summary>
    public int? IrcPort => _irc?.Port;

    /// <summary>The IRC TLS port, or null when it is off.</summary>
    public int? IrcTlsPort => _ircSecure?.Port;

    /// <summary>The HTTP port (page, WebSocket, metrics), or null when HTTP is off.</summary>
    public int? HttpPort => _web?.Port;

    /// <summary>The HTTPS port (the same, over TLS), or null when HTTPS is off.</summary>
    public int? HttpsPort => _web?.HttpsPort;

    public ChatMetrics Metrics { get; }

    /// <summary>The one way in every listener (TCP, TLS, WebSocket) shares: its limits and its open connections.</summary>
    public Admission Admission { get; }

    /// <summary>Open TCP connections, plain and TLS (for tests and diagnostics).</summary>
    public IReadOnlyCollection<TcpConnection> OpenConnections => Admission.Open.OfType<TcpConnection>().ToList();

    /// <summary>
    /// Binds every port (TCP, TLS, and checks HTTP and HTTPS are free) before anyone is let
    /// in, and says a port in use as an <see cref="InvalidSettingException"/> (one line, exit 2);
    /// then opens the log (throws <see cref="LogUnusableException"/> if it cannot be used),
    /// catches up with it, starts the web side, and only then accepts on TCP and TLS.
    /// </summary>
    public static async Task<ChatServer> StartAsync(ChatServerOptions options, ILoggerFactory? loggers = null, IScheduler? clock = null)
    {
        loggers ??= NullLoggerFactory.Instance;
        var logger = loggers.CreateLogger("RxChat");
        // Bad TLS settings are found before anything is opened, and said in one line.
        var tls = TlsListening.Load(options, logger);
        options.ToTrustedProxies(); // a bad range is said now, before anything is opened
        if (options.Accounts.PasswordsOnlyOverTls && tls is null)
            throw new InvalidSettingException($"{ChatServerOptions.Section}:Accounts:{nameof(AccountOptions.PasswordsOnlyOverTls)} needs TLS (--tls-cert and --tls-key): without it no password could ever be given");
        var host = IPAddress.Parse(options.Host);
        Socket? listener = null, tlsListener = null;
        IrcListeners irc = default;
        if (options.Irc.TlsPort is not null && tls is null)
            throw new InvalidSettingException("--irc-tls-port needs the TLS certificate and its key (--tls-cert and --tls-key)");
        try
        {
            listener = Ports.Listen(host, options.Port, Ports.Tcp);
            if (tls is not null) tlsListener = Ports.Listen(host, options.Tls.Port ?? TlsOptions.DefaultPort, Ports.Tls);
            if (options.Irc.Port is { } ircPort) irc = irc with { Plain = Ports.Listen(host, ircPort, Ports.Irc) };
            if (options.Irc.TlsPort is { } ircTlsPort) irc = irc with { Secure = Ports.Listen(host, ircTlsPort, Ports.IrcTls) };
            // Kestrel binds when it starts, and then accepts at once: a port it cannot have is
            // found now, before the log is opened or anything is accepted.
            if (options.HttpPort >= 0) Ports.CheckFree(host, options.HttpPort, Ports.Http);
            if (tls is not null && options.Tls.HttpsPort >= 0) Ports.CheckFree(host, options.Tls.HttpsPort, Ports.Https);
        }
        catch
        {
            listener?.Dispose();
            tlsListener?.Dispose();
            irc.Dispose();
            throw;
        }
        var foldThread = FoldRuns.NewFoldThread();
        ICommandLog log;
        try { log = await OpenLogAsync(options, foldThread, logger).ConfigureAwait(false); }
        catch
        {
            listener.Dispose();
            tlsListener?.Dispose();
            irc.Dispose();
            ((IDisposable)foldThread).Dispose();
            throw;
        }
        ChatServer server;
        try
        {
            logger.LogInformation("Log kept in {Where}", log.Where);
            server = new ChatServer(listener, options, logger, clock ?? Scheduler.Default, log, foldThread, tlsListener, tls, irc);
        }
        catch
        {
            listener.Dispose();
            tlsListener?.Dispose();
            irc.Dispose();
            log.Dispose();
            ((IDisposable)foldThread).Dispose();
            throw;
        }
        try
        {
            if (options.HttpPort >= 0)
            {
                server._web = await Ports.SayInUse(() => WebFront.StartAsync(options, loggers, server.Admission, tls, options.ToTrustedProxies(),
                    () => server.Pipeline.LogAvailable, server.Metrics.Registry, new LogWatch(options.Node, server.Pipeline)), options).ConfigureAwait(false);
                logger.LogInformation("Web client on http://{Host}:{Port}/", options.Host, server._web.Port);
                if (server._web.HttpsPort is { } httpsPort)
                    logger.LogInformation("Web client on https://{Host}:{Port}/", options.Host, httpsPort);
            }
        }
        catch
        {
            await server.StopAsync().ConfigureAwait(false);
            throw;
        }
        server.OpenEntrances();
        logger.LogInformation("Server started on {Host}:{Port}", options.Host, server.Port);
        if (server.TlsPort is { } tlsPort) logger.LogInformation("TLS on {Host}:{Port}", options.Host, tlsPort);
        if (server.IrcPort is { } ircOn) logger.LogInformation("IRC on {Host}:{Port}", options.Host, ircOn);
        if (server.IrcTlsPort is { } ircsPort) logger.LogInformation("IRC over TLS on {Host}:{Port}", options.Host, ircsPort);
        return server;
    }

    /// <summary>The cluster's log in NATS JetStream when <c>--nats</c> is given, else the embedded log in the data directory.</summary>
    private static async Task<ICommandLog> OpenLogAsync(ChatServerOptions options, IScheduler foldThread, ILogger logger) =>
        options.Nats.IsOn
            ? await NatsCommandLog.OpenAsync(options.ToNatsLogOptions(), foldThread, logger).ConfigureAwait(false)
            : SqliteCommandLog.Open(options.DataDir, logger, options.Durability, keepEntries: options.Snapshots.KeepEntries);

    /// <summary>Stops accepting, tells every client the server is shutting down, and closes every connection.</summary>
    public async Task StopAsync()
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 1) return;
        _logger.LogInformation("Server shutting down");
        _reloadOnHangup?.Dispose();
        Admission.Stop(); // nobody new, of any kind, from here on
        _plain.Dispose();
        _secure?.Dispose(); // refusals over TLS still under way end here
        _irc?.Dispose();
        _ircSecure?.Dispose();
        try
        {
            await Pipeline.ShutDown().WaitAsync(GraceOnStop).ConfigureAwait(false);
            await Task.WhenAll(Admission.Open.Select(c => c.Closed)).WaitAsync(GraceOnStop).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            foreach (var connection in Admission.Open) connection.Abort("server stopped");
        }
        if (_web is not null) await _web.DisposeAsync().ConfigureAwait(false);
        _running.Dispose();
        _foldThread.Dispose();
        _log.Dispose();
    }

    public async ValueTask DisposeAsync() => await StopAsync().ConfigureAwait(false);
}
