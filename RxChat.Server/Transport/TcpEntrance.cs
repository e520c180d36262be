using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using RxChat.Protocol;
using RxChat.Server.Core;
using RxChat.Server.Protocol;

namespace RxChat.Server.Transport;

/// <summary>
/// A TCP port, plain or TLS, whose accepted sockets come in through the <see cref="Admission"/>.
/// A refused one hears its line and is closed; on the TLS port even that is said over TLS,
/// never in clear. Disposing it stops accepting and ends the refusals still under way.
/// <para>
/// A peer among the <see cref="TrustedProxies"/> must open with a PROXY protocol header
/// (<see cref="ProxyProtocol"/>): the address it names is the one admitted, limited and
/// throttled, as if the user had connected straight here.
/// </para>
/// </summary>
public sealed class TcpEntrance : IDisposable
{
    /// <summary>
    /// Refusals under way at once on the TLS port. Each costs a TLS handshake and lasts at
    /// most the login timeout; a storm of refusals past this many is closed without a word.
    /// </summary>
    public const int MaxRefusalsUnderWay = 64;

    private readonly Socket _listener;
    private readonly ServerTls? _tls;
    private readonly ConnectionKind _kind;
    private readonly Func<ConnectionId, Socket, EndPoint?, QueuedConnection> _connect; // the port's kind of connection, for the user at this address
    private readonly Func<string, string> _refusal; // a refusal as the port's clients read it
    private readonly Admission _admission;
    private readonly ILogger _logger;
    private readonly TrustedProxies _proxies;
    private readonly TimeSpan _headerDeadline;
    private readonly CancellationTokenSource _stopping = new();
    private IDisposable? _accepting;
    private int _refusingOverTls;

    /// <param name="tls">The TLS step for the TLS port; null for the plain one.</param>
    /// <param name="proxies">The peers that speak for their users with a PROXY header; null: none.</param>
    /// <param name="headerDeadline">How long a trusted proxy has to send its header (the login timeout).</param>
    public TcpEntrance(Socket listener, ServerTls? tls, Admission admission, ILogger logger,
        TrustedProxies? proxies = null, TimeSpan headerDeadline = default)
        : this(listener, tls, admission, logger, tls is null ? ConnectionKind.Tcp : ConnectionKind.Tls,
            (id, socket, remote) => new TcpConnection(id, socket, admission.Limits, tls, remote), line => line, proxies, headerDeadline)
    {
    }

    /// <summary>A port of another kind (IRC): its connections made by <paramref name="connect"/>, a refusal worded by <paramref name="refusal"/>.</summary>
    public TcpEntrance(Socket listener, ServerTls? tls, Admission admission, ILogger logger, ConnectionKind kind,
        Func<ConnectionId, Socket, EndPoint?, QueuedConnection> connect, Func<string, string> refusal,
        TrustedProxies? proxies = null, TimeSpan headerDeadline = default)
    {
        _proxies = proxies ?? TrustedProxies.None;
        _headerDeadline = headerDeadline > TimeSpan.Zero ? headerDeadline : TimeSpan.FromSeconds(30);
        _listener = listener;
        _tls = tls;
        _kind = kind;
        _connect = connect;
        _refusal = refusal;
        _admission = admission;
        _logger = logger;
    }

    public int Port => ((IPEndPoint)_listener.LocalEndPoint!).Port;

    /// <summary>Starts accepting, on a thread of its own (<see cref="TcpAcceptor"/>).</summary>
    public void Open() => _accepting = TcpAcceptor.Accept(_listener, _logger).Subscribe(AdmitSafely);

    public void Dispose()
    {
        _listener.Dispose();
        _stopping.Cancel();
        _accepting?.Dispose();
    }

    /// <summary>
    /// A socket that is already dead when accepted (reset at once, …) must not end the accept
    /// loop, which would close the port: it is logged and dropped.
    /// </summary>
    private void AdmitSafely(Socket socket)
    {
        try { Admit(socket); }
        catch (Exception ex)
        {
            _logger.LogWarning("Connection dropped while being accepted: {Error}", ex.Message);
            socket.Dispose();
        }
    }

    private void Admit(Socket socket)
    {
        if (_proxies.Trusts(socket.RemoteEndPoint))
        {
            _ = AdmitThroughProxyAsync(socket);
            return;
        }
        AdmitFrom(socket, socket.RemoteEndPoint);
    }

    /// <param name="remote">The user's address: the peer's own, or the one its proxy named.</param>
    private void AdmitFrom(Socket socket, EndPoint? remote)
    {
        if (_admission.Check(_kind, remote) is { } refusal)
        {
            TurnAway(socket, new OutboundLine(_refusal(refusal.Line)));
            return;
        }
        _admission.Admit(_kind, remote, id => _connect(id, socket, remote));
    }

    /// <summary>
    /// A trusted proxy's connection: its PROXY header first (off the accept thread: the proxy
    /// may be slow to send it), then the user it names comes in as any other. A missing or
    /// malformed header is the operator's mistake, not a user's: it is logged, and on the
    /// plain port said to the peer, then the connection is closed.
    /// </summary>
    private async Task AdmitThroughProxyAsync(Socket socket)
    {
        var peer = socket.RemoteEndPoint!;
        EndPoint user;
        try { user = await ProxyProtocol.ReadAsync(socket, peer, _headerDeadline, _stopping.Token).ConfigureAwait(false); }
        catch (ProxyHeaderException e)
        {
            _logger.LogWarning("{Kind} from trusted proxy {Peer} refused: {Reason}", _kind.Noun, peer, e.Message);
            if (_tls is null) TurnAway(socket, new OutboundLine(ServerLines.ProxyHeaderExpected.Render(e.Message)));
            else socket.Dispose(); // never a word in clear on the TLS port
            return;
        }
        catch (Exception) // stopping, or the socket is gone
        {
            socket.Dispose();
            return;
        }
        AdmitSafely(socket, user);
    }

    private void AdmitSafely(Socket socket, EndPoint user)
    {
        try { AdmitFrom(socket, user); }
        catch (Exception ex)
        {
            _logger.LogWarning("Connection dropped while being accepted: {Error}", ex.Message);
            socket.Dispose();
        }
    }

    /// <summary>One line (already refused: nothing is read), then the close; on the TLS port, over TLS.</summary>
    private void TurnAway(Socket socket, OutboundLine line)
    {
        if (_tls is not null)
        {
            RefuseOverTls(socket, _tls, line);
            return;
        }
        try { socket.Send(line.Bytes.Span); socket.Shutdown(SocketShutdown.Both); } catch (SocketException) { }
        socket.Dispose();
    }

    /// <summary>
    /// The refused connection gets its handshake (within the login timeout), the line, and a
    /// close, and never reaches the chat. Past <see cref="MaxRefusalsUnderWay"/> a refused
    /// connection is closed without a word rather than cost more.
    /// </summary>
    private void RefuseOverTls(Socket socket, ServerTls tls, OutboundLine line)
    {
        if (Interlocked.Increment(ref _refusingOverTls) > MaxRefusalsUnderWay)
        {
            Interlocked.Decrement(ref _refusingOverTls);
            socket.Dispose();
            return;
        }
        tls.RefuseAsync(socket, line, _stopping.Token)
            .ContinueWith(_ => Interlocked.Decrement(ref _refusingOverTls), TaskScheduler.Default);
    }
}
