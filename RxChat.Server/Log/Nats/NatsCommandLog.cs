using System.Reactive.Concurrency;
using System.Reactive.Linq;
using System.Reactive.Subjects;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;
using RxChat.Server.Core;

namespace RxChat.Server.Log.Nats;

/// <summary>
/// The cluster's log: one JetStream stream that every node appends its runs to and folds in
/// full, in stream order, from its own position. Every node computes the same positions and
/// times from the stream (<see cref="NatsLogReader"/>), so every node folds the same state.
/// Appends wait for JetStream's ack on the fold thread (<see cref="NatsAppender"/>); entries
/// come back through an ordered consumer (<see cref="NatsLogFeed"/>), this node's and the
/// others', and are published on the fold's scheduler. Snapshots are kept in JetStream too
/// (<see cref="NatsSnapshots"/>).
/// </summary>
public sealed class NatsCommandLog : ICommandLog, ILogAvailability
{
    private readonly NatsConnection _nats;
    private readonly INatsJSContext _js;
    private readonly NatsLogOptions _options;
    private readonly IScheduler _foldOn;
    private readonly ILogger _logger;
    private readonly NatsAppender _appender;

    /// <summary>How runs are stored (for tests of its retries).</summary>
    internal NatsAppender Appender => _appender;
    private readonly NatsSnapshots _snapshots;
    private readonly BehaviorSubject<bool> _available = new(true);
    private readonly CancellationTokenSource _closing = new();
    private NatsLogPoint _restoredAt = NatsLogPoint.Start;
    private NatsBatch _folding = NatsBatch.Empty; // the fold's: the batch being (or last) folded
    private Task _snapshotWritten = Task.CompletedTask;
    private int _disposed;

    private NatsCommandLog(NatsConnection nats, INatsJSContext js, NatsSnapshots snapshots, NatsLogOptions options, IScheduler foldOn, ILogger logger)
    {
        _nats = nats;
        _js = js;
        _snapshots = snapshots;
        _options = options;
        _foldOn = foldOn;
        _logger = logger;
        _appender = new NatsAppender(nats, js, options);
        Where = $"NATS JetStream stream {options.Stream} ({options.Replicas} {(options.Replicas == 1 ? "replica" : "replicas")}) at {options.ShownUrls}";
        // Not awaited: the client waits for its handlers, and a reconnection must not wait for the grace period.
        _nats.ConnectionDisconnected += (_, _) => { _ = Changed(false); return ValueTask.CompletedTask; };
        _nats.ConnectionOpened += (_, _) => { _ = Changed(true); return ValueTask.CompletedTask; };
    }

    /// <summary>
    /// Connects to NATS and makes sure the stream and the snapshot buckets exist (creating them
    /// the first time). Throws <see cref="LogUnusableException"/> when NATS cannot be reached or refuses the stream (e.g. 3 replicas on a single NATS server)
    /// within <see cref="NatsLogOptions.StartTimeout"/>: the node must not start without its log.
    /// </summary>
    /// <param name="foldOn">The fold's scheduler: entries from the stream are published on it, never concurrently with an append.</param>
    public static async Task<NatsCommandLog> OpenAsync(NatsLogOptions options, IScheduler foldOn, ILogger? logger = null)
    {
        logger ??= NullLogger.Instance;
        var nats = new NatsConnection(new NatsOpts
        {
            Url = string.Join(",", options.Urls),
            Name = $"rxchat-{options.Node}",
            AuthOpts = AuthOf(options.Credentials),
            TlsOpts = new NatsTlsOpts { CaFile = options.CaFile }, // a tls:// URL requires TLS; the CA, if given, is the one trusted
            ReconnectWaitMin = NatsLogOptions.ReconnectWaitMin,
            ReconnectWaitMax = NatsLogOptions.ReconnectWaitMax,
            ReconnectJitter = NatsLogOptions.ReconnectJitter,
            MaxReconnectRetry = -1, // a node waits for its log for as long as it runs
            // … and, starting, for as long as StartTimeout: a NATS server still starting, or slow
            // to answer on a busy machine, is waited for, not taken as unreachable at the first try.
            RetryOnInitialConnect = true,
        });
        using var start = new CancellationTokenSource(options.StartTimeout);
        try
        {
            await nats.ConnectAsync().AsTask().WaitAsync(start.Token).ConfigureAwait(false);
            var js = new NatsJSContext(nats);
            await EnsureStreamAsync(js, options, start.Token).ConfigureAwait(false);
            var snapshots = await Retry(() => NatsSnapshots.OpenAsync(js, options, logger, start.Token), start.Token).ConfigureAwait(false);
            return new NatsCommandLog(nats, js, snapshots, options, foldOn, logger);
        }
        catch (Exception e) when (e is OperationCanceledException or NatsException or TimeoutException)
        {
            await nats.DisposeAsync().ConfigureAwait(false);
            throw new LogUnusableException($"the chat's log (NATS at {options.ShownUrls}) cannot be used: {NatsRedaction.Redact(e.Message)}", e);
        }
    }

    /// <summary>The client's way of logging in with <paramref name="credentials"/>.</summary>
    private static NatsAuthOpts AuthOf(NatsCredentials credentials) => credentials switch
    {
        { File: { } file } when credentials.IsCredsFile => new NatsAuthOpts { CredsFile = file },
        { File: { } seed } => new NatsAuthOpts { NKeyFile = seed },
        { User: { } user } => new NatsAuthOpts { Username = user, Password = credentials.Password },
        { Token: { } token } => new NatsAuthOpts { Token = token },
        _ => NatsAuthOpts.Default,
    };

    public string Where { get; }

    public IObservable<bool> Available => _available.DistinctUntilChanged();

    /// <summary>The newest snapshot in JetStream; the next <see cref="Entries"/> from its position reads on from its point.</summary>
    public ChatSnapshot? LatestSnapshot()
    {
        var latest = Wait(_snapshots.LatestAsync(_closing.Token));
        if (latest is not { } found) return null;
        _restoredAt = found.Record.Point;
        return found.Snapshot;
    }

    /// <summary>
    /// Replays the stream from <paramref name="after"/> up to its last message at the time of
    /// subscribing, synchronously (the pipeline rebuilds its state during Subscribe), then
    /// publishes each message that comes after, this node's or another's, on the fold's
    /// scheduler. <paramref name="after"/> must be 0 or the position of the snapshot just read.
    /// </summary>
    public IObservable<IReadOnlyList<LogEntry>> Entries(long after) => Observable.Create<IReadOnlyList<LogEntry>>(observer =>
    {
        var from = after == 0 ? NatsLogPoint.Start
            : after == _restoredAt.Position ? _restoredAt
            : throw new ArgumentOutOfRangeException(nameof(after), after, "the cluster's log is read from the start or from the latest snapshot");
        var feed = new NatsLogFeed(_js, _options, new NatsLogReader(from, Where, _options.Nodes), _logger);
        var stop = CancellationTokenSource.CreateLinkedTokenSource(_closing.Token);
        feed.Replay(batch => { _folding = batch; observer.OnNext(batch.Entries); }, stop.Token);
        _ = feed.FollowAsync(
            batch => _foldOn.Schedule(() =>
            {
                if (stop.IsCancellationRequested) return;
                _folding = batch;
                observer.OnNext(batch.Entries);
            }),
            error => _foldOn.Schedule(() => { if (!stop.IsCancellationRequested) observer.OnError(error); }),
            stop.Token);
        return () => stop.Cancel();
    });

    public void Append(IReadOnlyList<Stamped> run)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) == 1, this);
        if (run.Count == 0) return;
        _appender.Append(NatsRunCodec.Encode(run));
    }

    /// <summary>
    /// Saves the snapshot in the background (skipped while one is being saved); any node may
    /// save, and the newest wins. Called by the fold, whose batch holds <c>state.Position</c>.
    /// </summary>
    public void SaveSnapshot(ChatState state)
    {
        if (!_snapshotWritten.IsCompleted || Volatile.Read(ref _disposed) == 1) return;
        if (!_folding.Holds(state.Position)) return; // not taken while folding this log's entries
        var point = _folding.PointAt(state.Position);
        var snapshot = ChatSnapshot.Of(state);
        _snapshotWritten = Task.Run(async () =>
        {
            try { await _snapshots.SaveAsync(snapshot, point, _closing.Token).ConfigureAwait(false); }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                _logger.LogError("Could not store the snapshot at log position {Position}: {Error}", point.Position, e.Message);
            }
        });
    }

    /// <summary>The snapshot being saved, or the last one, completed (for tests).</summary>
    internal Task SnapshotWritten => _snapshotWritten;

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        try { _snapshotWritten.Wait(TimeSpan.FromSeconds(5)); } catch (AggregateException) { }
        _closing.Cancel();
        _nats.DisposeAsync().AsTask().Wait(TimeSpan.FromSeconds(5));
        _available.OnCompleted();
    }

    /// <summary>
    /// Publishes the connection's changes; a loss only once it outlasts
    /// <see cref="NatsLogOptions.ReconnectGrace"/>, so a reconnection to another server of the
    /// cluster does not alarm anyone.
    /// </summary>
    private async Task Changed(bool available)
    {
        if (!available)
        {
            try { await Task.Delay(_options.ReconnectGrace, _closing.Token).ConfigureAwait(false); }
            catch (OperationCanceledException) { return; }
            if (_nats.ConnectionState == NatsConnectionState.Open) return;
        }
        lock (_available)
        {
            if (Volatile.Read(ref _disposed) == 1 || _available.Value == available) return;
            if (!available) _logger.LogWarning("The chat's log (NATS) is not reachable; lines are refused until it is back");
            else _logger.LogInformation("The chat's log (NATS) is back");
            _available.OnNext(available);
        }
    }

    /// <summary>
    /// Creates the stream, or updates its settings. It keeps everything (no age or count
    /// limits): only a snapshot may make messages unneeded (see <see cref="NatsSnapshots"/>).
    /// </summary>
    private static Task EnsureStreamAsync(INatsJSContext js, NatsLogOptions options, CancellationToken cancel) =>
        Retry(() => js.CreateOrUpdateStreamAsync(new StreamConfig(options.Stream, [NatsLogOptions.StreamSubjects])
        {
            Storage = StreamConfigStorage.File,
            NumReplicas = options.Replicas,
            DuplicateWindow = options.DuplicateWindow,
            Retention = StreamConfigRetention.Limits,
            Discard = StreamConfigDiscard.New, // were limits ever set, refuse new runs rather than lose old ones
        }, cancel).AsTask(), cancel);

    /// <summary>
    /// A request to a NATS cluster that has not elected a leader yet gets no answer: ask again,
    /// each time briefly, until <paramref name="cancel"/>.
    /// </summary>
    private static async Task<T> Retry<T>(Func<Task<T>> request, CancellationToken cancel)
    {
        while (true)
        {
            try { return await request().ConfigureAwait(false); }
            catch (Exception e) when (e is NatsNoRespondersException or NatsJSApiNoResponseException or NatsJSTimeoutException or TimeoutException
                                          or NatsJSApiException { Error.Code: 503 } // JetStream not ready yet (no meta leader)
                                      && !cancel.IsCancellationRequested)
            {
                await Task.Delay(200, cancel).ConfigureAwait(false);
            }
        }
    }

    private static T Wait<T>(Task<T> task)
    {
        try { return task.GetAwaiter().GetResult(); }
        catch (Exception e) when (e is NatsException or OperationCanceledException)
        {
            throw new LogUnusableException($"the chat's log (NATS) could not be read: {NatsRedaction.Redact(e.Message)}", e);
        }
    }
}
