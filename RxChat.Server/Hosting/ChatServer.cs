using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Reactive.Subjects;
using System.Reactive.Concurrency;
using System.Reactive.Linq;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using RxChat.Protocol;
using RxChat.Server.Core;
using RxChat.Server.Log;
using RxChat.Server.Log.Nats;
using RxChat.Server.Pipeline;
using RxChat.Server.Protocol;
using RxChat.Server.Transport;

namespace RxChat.Server.Hosting;

/// <summary>
/// A running chat server: a listening socket, and an HTTP port whose WebSockets join them,
/// whose accepted connections feed one <see cref="ChatPipeline"/> over the log in the data
/// directory. Start it with
/// <see cref="StartAsync"/>; dispose it (or call <see cref="StopAsync"/>) to tell everyone,
/// close every connection and close the log.
/// </summary>
public sealed class ChatServer : IAsyncDisposable
{
    private static readonly OutboundLine ServerFullLine = new(ServerLines.ServerFull.Render());
    private static readonly TimeSpan GraceOnStop = TimeSpan.FromSeconds(3);

    private readonly Socket _listener;
    private readonly Socket? _tlsListener;
    private readonly ServerTls? _tls;
    private readonly CancellationTokenSource _stopping = new();
    private int _refusingOverTls;
    private readonly ChatServerOptions _options;
    private readonly TransportLimits _transport;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<ConnectionId, TcpConnection> _open = new();
    private readonly ConcurrentDictionary<ConnectionId, WebSocketConnection> _openWeb = new();
    private readonly ISubject<IChatConnection> _webSockets = Subject.Synchronize(new Subject<IChatConnection>());
    private WebFront? _web;
    private int _openCount; // ConcurrentDictionary.Count takes every lock: too dear once per accept
    private readonly ICommandLog _log;
    private readonly IDisposable _foldThread;
    private readonly IDisposable _running;
    private long _acceptSequence;
    private int _stopped;

    private ChatServer(Socket listener, ChatServerOptions options, ILogger logger, IScheduler clock, ICommandLog log, IScheduler foldThread,
        Socket? tlsListener = null, ServerTls? tls = null)
    {
        _listener = listener;
        _tlsListener = tlsListener;
        _tls = tls;
        _log = log;
        _options = options;
        _logger = logger;
        _transport = new TransportLimits(options.Limits.MaxLineBytes, options.Limits.MaxQueuedBytes, options.Limits.CloseTimeoutSeconds)
        {
            KeepAlive = new TcpKeepAlive(options.Limits.KeepAliveIdleSeconds, options.Limits.KeepAliveIntervalSeconds, options.Limits.KeepAliveProbes),
        };
        PerAddress = new ConnectionsPerAddress(new AddressLimits(options.Limits.MaxConnectionsPerAddress,
            options.Limits.NewConnectionsPerAddressPerMinute, options.Limits.ExemptLoopback), clock);
        EndPoint = (IPEndPoint)listener.LocalEndPoint!;
        _foldThread = (IDisposable)foldThread;
        Metrics = new ChatMetrics(() => Pipeline,
            () => _open.Values.Sum(c => c.QueuedBytes) + _openWeb.Values.Sum(c => c.QueuedBytes));
        Pipeline = new ChatPipeline(ToChatOptions(options), log, clock, foldThread, logger, Metrics);
        var accepted = TcpAcceptor.Accept(listener, logger).Select(socket => AdmitSafely(socket, tls: null));
        if (tlsListener is not null)
            accepted = accepted.Merge(TcpAcceptor.Accept(tlsListener, logger).Select(socket => AdmitSafely(socket, tls)));
        var connections = accepted
            .Where(connection => connection is not null)
            .Select(connection => (IChatConnection)connection!)
            .Merge(_webSockets);
        _running = Pipeline.Run(connections);
    }

    public IPEndPoint EndPoint { get; }
    public int Port => EndPoint.Port;

    /// <summary>The TLS port, or null when TLS is off.</summary>
    public int? TlsPort => (_tlsListener?.LocalEndPoint as IPEndPoint)?.Port;

    /// <summary>The certificate the TLS port and HTTPS present, or null when TLS is off.</summary>
    internal ServerTls? Tls => _tls;
    public ChatPipeline Pipeline { get; }

    /// <summary>The HTTP port (page, WebSocket, metrics), or null when HTTP is off.</summary>
    public int? HttpPort => _web?.Port;

    /// <summary>The HTTPS port (the same, over TLS), or null when HTTPS is off.</summary>
    public int? HttpsPort => _web?.HttpsPort;

    public ChatMetrics Metrics { get; }

    /// <summary>Whether a new connection, of any kind, would be turned away.</summary>
    public bool IsFull => Volatile.Read(ref _openCount) >= _options.Limits.MaxConnections;

    /// <summary>The per-address limits every way in (TCP, TLS, WebSocket) passes.</summary>
    public ConnectionsPerAddress PerAddress { get; }

    /// <summary>Open TCP connections, plain and TLS (for tests and diagnostics).</summary>
    public IReadOnlyCollection<TcpConnection> OpenConnections => (IReadOnlyCollection<TcpConnection>)_open.Values;

    /// <summary>
    /// Opens the log (throws <see cref="LogUnusableException"/> if it cannot be used), catches up
    /// with it, and starts listening.
    /// </summary>
    public static async Task<ChatServer> StartAsync(ChatServerOptions options, ILoggerFactory? loggers = null, IScheduler? clock = null)
    {
        loggers ??= NullLoggerFactory.Instance;
        var logger = loggers.CreateLogger("RxChat");
        // Bad TLS settings are found before anything is opened, and said in one line.
        var tls = TlsListening.Load(options);
        var foldThread = FoldRuns.NewFoldThread();
        ICommandLog log;
        try { log = await OpenLogAsync(options, foldThread, logger).ConfigureAwait(false); }
        catch
        {
            ((IDisposable)foldThread).Dispose();
            throw;
        }
        ChatServer server;
        Socket? listener = null, tlsListener = null;
        try
        {
            logger.LogInformation("Log kept in {Where}", log.Where);
            listener = TcpAcceptor.Listen(new IPEndPoint(IPAddress.Parse(options.Host), options.Port));
            if (tls is not null) tlsListener = TcpAcceptor.Listen(new IPEndPoint(IPAddress.Parse(options.Host), options.Tls.Port ?? TlsOptions.DefaultPort));
            server = new ChatServer(listener, options, logger, clock ?? Scheduler.Default, log, foldThread, tlsListener, tls);
        }
        catch
        {
            listener?.Dispose();
            tlsListener?.Dispose();
            log.Dispose();
            ((IDisposable)foldThread).Dispose();
            throw;
        }
        try
        {
            if (options.HttpPort >= 0)
            {
                server._web = await WebFront.StartAsync(options, loggers, server, server.Metrics).ConfigureAwait(false);
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
        logger.LogInformation("Server started on {Host}:{Port}", options.Host, server.Port);
        if (server.TlsPort is { } tlsPort) logger.LogInformation("TLS on {Host}:{Port}", options.Host, tlsPort);
        return server;
    }

    /// <summary>The cluster's log in NATS JetStream when <c>--nats</c> is given, else the embedded log in the data directory.</summary>
    private static async Task<ICommandLog> OpenLogAsync(ChatServerOptions options, IScheduler foldThread, ILogger logger) =>
        options.Nats.IsOn
            ? await NatsCommandLog.OpenAsync(new NatsLogOptions(options.Nats.UrlList, options.Node, options.Nats.Replicas), foldThread, logger).ConfigureAwait(false)
            : SqliteCommandLog.Open(options.DataDir, logger);

    /// <summary>Stops accepting, tells every client the server is shutting down, and closes every connection.</summary>
    public async Task StopAsync()
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 1) return;
        _logger.LogInformation("Server shutting down");
        _listener.Dispose();
        _tlsListener?.Dispose();
        _stopping.Cancel(); // refusals over TLS still under way end here
        try
        {
            await Pipeline.ShutDown().WaitAsync(GraceOnStop).ConfigureAwait(false);
            await Task.WhenAll(_open.Values.Select(c => c.Closed).Concat(_openWeb.Values.Select(c => c.Closed)))
                .WaitAsync(GraceOnStop).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            foreach (var connection in _open.Values) connection.Abort("server stopped");
            foreach (var connection in _openWeb.Values) connection.Abort("server stopped");
        }
        if (_web is not null) await _web.DisposeAsync().ConfigureAwait(false);
        _running.Dispose();
        _foldThread.Dispose();
        _log.Dispose();
    }

    public async ValueTask DisposeAsync() => await StopAsync().ConfigureAwait(false);

    /// <summary>
    /// A socket that is already dead when accepted (reset at once, …) must not end the accept
    /// stream, which would end the whole chat: it is logged and dropped.
    /// </summary>
    private TcpConnection? AdmitSafely(Socket socket, ServerTls? tls)
    {
        try { return Admit(socket, tls); }
        catch (Exception ex)
        {
            _logger.LogWarning("Connection dropped while being accepted: {Error}", ex.Message);
            socket.Dispose();
            return null;
        }
    }

    /// <summary>
    /// Gives an accepted socket its id, or turns it away when the server is full or its
    /// address has had its share. Every TCP listener (plain and TLS) admits here; on the TLS
    /// port a refusal is said over TLS.
    /// </summary>
    private TcpConnection? Admit(Socket socket, ServerTls? tls)
    {
        if (IsFull)
        {
            _logger.LogWarning("Connection from {Remote} refused: server is full", socket.RemoteEndPoint);
            Metrics.Refused("full");
            TurnAway(socket, tls, ServerFullLine);
            return null;
        }
        var remote = socket.RemoteEndPoint;
        if (PerAddress.TryAdmit(remote) is { } refusal)
        {
            var line = AddressRefusals.Line(refusal, PerAddress.Limits);
            _logger.LogWarning("Connection from {Remote} refused: {Reason}", remote, line);
            Metrics.Refused(AddressRefusals.MetricReason(refusal));
            TurnAway(socket, tls, new OutboundLine(line));
            return null;
        }
        TcpConnection connection;
        var id = new ConnectionId(_options.Node, Interlocked.Increment(ref _acceptSequence));
        var kind = tls is null ? "tcp" : "tls";
        try { connection = new TcpConnection(id, socket, _transport, tls); }
        catch
        {
            PerAddress.Release(remote);
            throw;
        }
        _open[id] = connection;
        Interlocked.Increment(ref _openCount);
        Metrics.Opened(kind);
        connection.Closed.ContinueWith(_ =>
        {
            if (_open.TryRemove(id, out TcpConnection? _)) Interlocked.Decrement(ref _openCount);
            PerAddress.Release(remote);
            Metrics.Closed(kind, connection.WasTooSlow);
        }, TaskScheduler.Default);
        _logger.LogInformation("{Kind} {Id} from {Remote}", tls is null ? "Connection" : "TLS connection", id, connection.Remote);
        return connection;
    }

    /// <summary>One line (already refused: nothing is read), then the close; on the TLS port, over TLS.</summary>
    private void TurnAway(Socket socket, ServerTls? tls, OutboundLine line)
    {
        if (tls is not null) { RefuseOverTls(socket, tls, line); return; }
        TurnAway(socket, line.Bytes.ToArray());
    }

    /// <summary>One line (already refused: nothing is read), then the close.</summary>
    private static void TurnAway(Socket socket, byte[] line)
    {
        try { socket.Send(line); socket.Shutdown(SocketShutdown.Both); } catch (SocketException) { }
        socket.Dispose();
    }

    /// <summary>
    /// Whether a WebSocket from <paramref name="remote"/> may be admitted by its address; if
    /// not, the line to answer with (logged here). An admitted one is counted until it closes.
    /// </summary>
    internal string? RefuseWebSocketByAddress(EndPoint? remote)
    {
        if (PerAddress.TryAdmit(remote) is not { } refusal) return null;
        var line = AddressRefusals.Line(refusal, PerAddress.Limits);
        _logger.LogWarning("WebSocket from {Remote} refused: {Reason}", remote, line);
        Metrics.Refused(AddressRefusals.MetricReason(refusal));
        return line;
    }

    /// <summary>
    /// On the TLS port even a refusal ("Server is full") is said over TLS, never in clear: the
    /// refused connection gets its handshake (within the login timeout), the line, and a close,
    /// and never reaches the chat. Refusals under way are bounded; past that bound a refused
    /// connection is closed without a word rather than cost more.
    /// </summary>
    private void RefuseOverTls(Socket socket, ServerTls tls, OutboundLine line)
    {
        if (Interlocked.Increment(ref _refusingOverTls) > TlsListening.MaxRefusalsUnderWay)
        {
            Interlocked.Decrement(ref _refusingOverTls);
            socket.Dispose();
            return;
        }
        tls.RefuseAsync(socket, line, _stopping.Token)
            .ContinueWith(_ => Interlocked.Decrement(ref _refusingOverTls), TaskScheduler.Default);
    }

    /// <summary>
    /// A WebSocket accepted on the HTTP port becomes one more connection of the chat, merged
    /// into the same command stream under the same limits. Completes when it is closed.
    /// </summary>
    internal Task AdmitWebSocket(WebSocket socket, EndPoint? remote, bool encrypted = false)
    {
        var id = new ConnectionId(_options.Node, Interlocked.Increment(ref _acceptSequence));
        var connection = new WebSocketConnection(id, socket, _transport, remote, encrypted);
        _openWeb[id] = connection;
        Interlocked.Increment(ref _openCount);
        Metrics.Opened("websocket");
        _logger.LogInformation("WebSocket {Id} from {Remote}", id, remote);
        _webSockets.OnNext(connection);
        return connection.Closed.ContinueWith(_ =>
        {
            if (_openWeb.TryRemove(id, out WebSocketConnection? _)) Interlocked.Decrement(ref _openCount);
            PerAddress.Release(remote);
            Metrics.Closed("websocket", connection.WasTooSlow);
        }, TaskScheduler.Default);
    }

    internal static ChatOptions ToChatOptions(ChatServerOptions options) => new()
    {
        Rules = options.Cluster.ApplyTo(new ChatRules(options.Limits.MaxUsernameLength, options.Limits.MaxRoomNameLength,
            options.History.PerRoom, options.History.Rooms, options.History.OnJoin,
            AccountsRequired: options.Accounts.Required, MinPasswordLength: options.Accounts.MinPasswordLength)),
        Node = options.Node,
        Heartbeats = options.Nats.IsOn, // other nodes read this one's log: its silence must mean something
        AnnounceLeaders = options.AnnounceLeaders,
        SnapshotEveryEntries = options.Snapshots.EveryEntries,
        SnapshotEvery = TimeSpan.FromSeconds(options.Snapshots.EverySeconds),
        LoginTimeout = TimeSpan.FromSeconds(options.Limits.LoginTimeoutSeconds),
        IdleTimeout = TimeSpan.FromSeconds(Math.Max(0, options.Limits.IdleTimeoutSeconds)),
        MaxLineBytes = options.Limits.MaxLineBytes,
        MaxQueuedBytesTotal = options.Limits.MaxQueuedBytesTotal,
        Flood = new FloodLimits(options.Limits.FloodLinesPerSecond, options.Limits.FloodBurstLines,
            options.Limits.FloodDroppedLinesBeforeDisconnect),
        TimeZone = string.IsNullOrWhiteSpace(options.TimeZone)
            ? TimeZoneInfo.Local
            : TimeZoneInfo.FindSystemTimeZoneById(options.TimeZone),
    };
}
