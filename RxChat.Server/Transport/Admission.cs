using System.Collections.Concurrent;
using System.Net;
using System.Reactive.Linq;
using System.Reactive.Subjects;
using Microsoft.Extensions.Logging;
using RxChat.Server.Core;

namespace RxChat.Server.Transport;

/// <summary>
/// The one way in to the chat, whatever the listener (plain TCP, TLS, WebSocket, …): the
/// "server full" bound over every kind together, the per-address bounds, the ids, the
/// registry of open connections, and letting each go when it closes. A listener only moves
/// bytes: it asks <see cref="Check"/>, says a refusal its own way, and hands an accepted
/// peer to <see cref="Admit{T}"/>, which publishes it on <see cref="Arrivals"/> for the
/// pipeline. Thread-safe: the accept threads and Kestrel's ask at once.
/// </summary>
/// <param name="node">This node's name, which every connection id carries.</param>
/// <param name="maxConnections">Open connections of every kind together past which a new one is turned away.</param>
/// <param name="limits">The bounds every admitted connection is made with.</param>
/// <param name="httpPerAddress">
/// The same per-address bounds for HTTP connections (the page, metrics, a WebSocket's own),
/// in a tally of their own: a WebSocket is one HTTP connection and one chat connection, and
/// counted as one of each, never twice in one. Null: the per-address limits, on the system clock.
/// </param>
public sealed class Admission(string node, int maxConnections, ConnectionsPerAddress perAddress, TransportLimits limits,
    IAdmissionMeter meter, ILogger logger, ConnectionsPerAddress? httpPerAddress = null)
{
    private readonly ConcurrentDictionary<ConnectionId, QueuedConnection> _open = new();
    private readonly ISubject<IChatConnection> _arrivals = Subject.Synchronize(new Subject<IChatConnection>());
    private int _maxConnections = maxConnections;
    private int _openCount; // ConcurrentDictionary.Count takes every lock: too dear once per accept
    private long _sequence;
    private volatile bool _stopping;

    /// <summary>The per-address bounds every way in passes.</summary>
    public ConnectionsPerAddress PerAddress { get; } = perAddress;

    /// <summary>The per-address bounds of HTTP connections, before any request is read (<see cref="CheckHttp"/>).</summary>
    public ConnectionsPerAddress HttpPerAddress { get; } = httpPerAddress ?? new(perAddress.Limits, System.Reactive.Concurrency.Scheduler.Default);

    /// <summary>The bounds every connection is made with, whatever its kind.</summary>
    public TransportLimits Limits { get; } = limits;

    /// <summary>Every admitted connection, in the order admitted; the chat's pipeline subscribes before any listener starts.</summary>
    public IObservable<IChatConnection> Arrivals => _arrivals.AsObservable();

    /// <summary>Whether a new connection, of any kind, would be turned away.</summary>
    public bool IsFull => Volatile.Read(ref _openCount) >= Volatile.Read(ref _maxConnections);

    /// <summary>Open connections past which a new one is turned away: the configured bound, or lower (<see cref="BoundBy"/>).</summary>
    public int MaxConnections => Volatile.Read(ref _maxConnections);

    /// <summary>Lowers the "server full" bound to <paramref name="bound"/> (the descriptors left, <see cref="Descriptors"/>) when that is lower.</summary>
    /// <returns>Whether the bound was lowered.</returns>
    public bool BoundBy(int bound)
    {
        if (bound >= Volatile.Read(ref _maxConnections)) return false;
        Volatile.Write(ref _maxConnections, bound);
        return true;
    }

    /// <summary>The open connections of every kind (to wait for them at the end, for tests and diagnostics).</summary>
    public ICollection<QueuedConnection> Open => _open.Values;

    /// <summary>Bytes waiting in every open connection's outbox together (read when metrics are scraped).</summary>
    public long QueuedBytes => _open.Values.Sum(connection => connection.QueuedBytes);

    /// <summary>Whether <see cref="Stop"/> was called: every new connection is turned away.</summary>
    public bool IsStopping => _stopping;

    /// <summary>
    /// The server is stopping: from now on <see cref="Check"/> turns every new connection away,
    /// of every kind, with the shutting-down line. Connections already open are ended by the
    /// chat's own goodbye (a login they send after it is never welcomed: see the pipeline).
    /// </summary>
    public void Stop() => _stopping = true;

    /// <summary>
    /// Whether a <paramref name="kind"/> connection from <paramref name="remote"/> may come in;
    /// a refusal is logged and counted here, and the listener says it. When it may, it is
    /// counted for its address: <see cref="Admit{T}"/> or <see cref="Withdraw"/> must follow.
    /// </summary>
    /// <returns>null when it may come in, else why not.</returns>
    public TurnedAway? Check(ConnectionKind kind, EndPoint? remote)
    {
        var refusal = _stopping ? TurnedAway.ShuttingDown
            : IsFull ? TurnedAway.ServerFull
            : PerAddress.TryAdmit(remote) is { } byAddress ? TurnedAway.ByAddress(byAddress, PerAddress.Limits)
            : null;
        if (refusal is null) return null;
        logger.LogWarning("{Kind} from {Remote} refused: {Reason}", kind.Noun, remote, refusal.Why);
        meter.Refused(refusal.Reason);
        return refusal;
    }

    /// <summary>
    /// Whether an HTTP connection from <paramref name="remote"/> may be served at all (the
    /// per-address bounds, in <see cref="HttpPerAddress"/>); a refusal is logged and counted.
    /// When it may, <see cref="ReleaseHttp"/> must follow when it closes.
    /// </summary>
    /// <returns>null when it may, else why not.</returns>
    public TurnedAway? CheckHttp(EndPoint? remote)
    {
        if (HttpPerAddress.TryAdmit(remote) is not { } byAddress) return null;
        var refusal = TurnedAway.ByAddress(byAddress, HttpPerAddress.Limits);
        logger.LogWarning("HTTP connection from {Remote} refused: {Reason}", remote, refusal.Why);
        meter.Refused(refusal.Reason);
        return refusal;
    }

    /// <summary>An HTTP connection that passed <see cref="CheckHttp"/> closed.</summary>
    public void ReleaseHttp(EndPoint? remote) => HttpPerAddress.Release(remote);

    /// <summary>A peer that passed <see cref="Check"/> never became a connection (its handshake failed): its address's slot is given back.</summary>
    public void Withdraw(EndPoint? remote) => PerAddress.Release(remote);

    /// <summary>
    /// Gives a peer that passed <see cref="Check"/> its id, makes its connection with
    /// <paramref name="connect"/>, and lets it into the chat; it is let go (registry, address,
    /// metrics) when it closes. If <paramref name="connect"/> throws, the address's slot is
    /// given back and the exception goes on to the listener.
    /// </summary>
    /// <returns>Completes once the connection has closed and been let go.</returns>
    public Task Admit<T>(ConnectionKind kind, EndPoint? remote, Func<ConnectionId, T> connect) where T : QueuedConnection
    {
        var id = new ConnectionId(node, Interlocked.Increment(ref _sequence));
        T connection;
        try { connection = connect(id); }
        catch
        {
            Withdraw(remote);
            throw;
        }
        _open[id] = connection;
        Interlocked.Increment(ref _openCount);
        meter.Opened(kind.Label);
        logger.LogInformation("{Kind} {Id} from {Remote}", kind.Noun, id, connection.Remote);
        var released = connection.Closed.ContinueWith(_ =>
        {
            if (_open.TryRemove(id, out QueuedConnection? _)) Interlocked.Decrement(ref _openCount);
            PerAddress.Release(remote);
            meter.Closed(kind.Label, connection.WasTooSlow);
        }, TaskScheduler.Default);
        _arrivals.OnNext(connection);
        return released;
    }
}
