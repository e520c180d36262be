using System.Diagnostics;
using System.Reactive;
using System.Reactive.Concurrency;
using System.Reactive.Disposables;
using System.Reactive.Linq;
using System.Reactive.Subjects;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using RxChat.Server.Core;
using RxChat.Server.Delivery;
using RxChat.Server.Log;
using RxChat.Server.Protocol;
using RxChat.Server.Transport;

namespace RxChat.Server.Pipeline;

/// <summary>
/// The whole server in one expression:
/// <code>
/// connections ─▶ each: Connected, lines→commands, Disconnected
///             ─▶ Merge with this node's own entries (started, stopping)
///             ─▶ runs on the fold's scheduler ─▶ stamp (node, connection, UTC) ─▶ LOG.Append
/// LOG.Entries ─▶ Chat.Step (Decide, Evolve, Route) ─▶ Courier: render once per delivery and codec ─▶ this node's writers
/// </code>
/// The same code runs in production (a dedicated fold thread, the wall clock, SQLite on
/// disk) and in the tests (a virtual-time TestScheduler for both, SQLite in memory).
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "Its subjects hold nothing to release; what Run starts is ended by disposing what Run returns")]
public sealed class ChatPipeline
{
    private readonly ChatOptions _options;
    private readonly ICommandLog _log;
    private readonly IScheduler _clock;
    private readonly IScheduler _foldOn;
    private readonly ILogger _logger;
    private readonly IChatCodec[] _codecs; // by CodecKind: each connection's lines are read by its codec
    private readonly Courier _courier; // the fold's: everything from a folded event to bytes on this node's sockets
    private readonly ChatJournal _journal;
    private readonly IChatMeter _meter;
    private readonly AccountDesk _accounts; // passwords are hashed and checked at the edges, off the fold's thread
    private readonly Snapshots _snapshots;
    private readonly NotStored _notStored;
    private readonly LogAvailability _logAvailability;
    private readonly Subject<Command> _nodeCommands = new();
    private readonly StopGate _stopGate; // what may still enter the log once the stop began
    private readonly RulesGuard _rules = new(); // the fold's: never past an entry of rules this RxChat does not know
    private readonly Subject<Unit> _appending = new(); // each run this node tries to append: what a heartbeat waits for a pause in
    private readonly Subject<Folded> _folded = new(); // each entry as folded, for whoever watches the order being made (/log)
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<Exception> _broken = new(TaskCreationOptions.RunContinuationsAsynchronously);

    // Touched only by the fold (one run at a time).
    private DateTimeOffset _lastStamp;
    private bool _catchingUp;

    /// <param name="clock">The only source of time: stamps, login timeouts, flood control.</param>
    /// <param name="foldOn">Where runs are folded; the clock's scheduler itself when null (tests).</param>
    /// <param name="hashOn">Where passwords are hashed and checked (<see cref="PasswordWork"/>); the thread pool unless given.</param>
    /// <param name="hasher">What hashes them; the slow PBKDF2 hash unless given (a test may count them).</param>
    public ChatPipeline(ChatOptions options, ICommandLog log, IScheduler clock, IScheduler? foldOn = null, ILogger? logger = null, IChatMeter? meter = null,
        IScheduler? hashOn = null, IPasswordHasher? hasher = null)
    {
        _meter = meter ?? IChatMeter.None;
        _options = options;
        _log = log;
        _clock = clock;
        _foldOn = foldOn ?? clock;
        _logger = logger ?? NullLogger.Instance;
        _codecs = Codecs.Create(options.TimeZone, options.AnnounceLeaders);
        _courier = new Courier(_codecs, options.MaxQueuedBytesTotal, _logger, _meter);
        _journal = new ChatJournal(_logger);
        _stopGate = new StopGate(ConnectionId.NodeItself(options.Node));
        _snapshots = new Snapshots(log, options);
        _notStored = new NotStored(_logger, _courier);
        _logAvailability = new LogAvailability(log, _foldOn, _courier);
        State = ChatState.Create(options.Rules);
        _accounts = new AccountDesk(() => State.Accounts, options.Rules, clock,
            new PasswordWork(options.PasswordWork, hashOn ?? TaskPoolScheduler.Default, hasher ?? PasswordHashing.Slow), options.ThrottleIPv6Prefix,
            options.PasswordsOnlyOverTls);
    }

    /// <summary>
    /// Completes, with the reason, when the chat cannot go on: the log stopped giving entries
    /// (unreadable, or compacted past where this node had read) or the command stream failed.
    /// Nothing is folded after that, so the host should stop and be restarted rather than
    /// keep connections open that nothing will ever answer.
    /// </summary>
    public Task<Exception> Broken => _broken.Task;

    /// <summary>
    /// The chat after the latest entry folded (for diagnostics and tests; the fold owns it).
    /// Volatile: the connections' edges read its accounts from their own threads.
    /// </summary>
    public ChatState State { get => _state; private set => _state = value; }
    private volatile ChatState _state = null!;

    /// <summary>The node's shared outbound buffer: what it holds, its budget, the fold's work on it (diagnostics and tests).</summary>
    public OutboundBuffer Outbound => _courier.Buffer;

    /// <summary>
    /// Whether the log can store runs now (false while a log kept elsewhere is unreachable):
    /// what <c>/healthz</c> and the metrics report. An embedded log is always available.
    /// </summary>
    public bool LogAvailable => _logAvailability.Available;

    /// <summary>
    /// Each entry of the log as this node folds it (after the catch-up), with what it did: the
    /// same ordered stream the chat is made of. Published on the fold's thread, so a watcher
    /// must only hand it on (<c>/log</c> copies it into a bounded queue per viewer).
    /// </summary>
    public IObservable<Folded> Folded => _folded.AsObservable();

    /// <summary>
    /// Catches up with the log (the newest snapshot, then every entry after it), appends this
    /// node's start, then folds every connection's commands until disposed.
    /// </summary>
    public IDisposable Run(IObservable<IChatConnection> connections)
    {
        State = _snapshots.Restore(_clock.Now);
        _catchingUp = true; // nobody is connected yet: the replay only rebuilds the state
        var folding = _log.Entries(State.Position).Subscribe(Fold, ex => Break("The log failed", ex));
        _catchingUp = false;
        if (State.Position > 0) _logger.LogInformation("Chat restored at log position {Position}", State.Position);

        var node = ConnectionId.NodeItself(_options.Node);
        var stopping = _nodeCommands.Where(command => command is NodeStopping).Select(_ => Unit.Default);
        var fromNode = Observable.Return<Command>(NodeStarted.Instance).Concat(_nodeCommands)
            .Merge(Heartbeats.Of(_options, _appending, stopping, _clock))
            .Select(command => (From: node, Command: command));
        var fromConnections = connections
            .Select(connection =>
            {
                _courier.Welcome(connection);
                return ConnectionCommands.Of(connection, _codecs[(int)connection.Codec], _options.LoginTimeout, _options.MaxLineBytes, _clock, _options.Flood, _accounts, _options.IdleTimeout);
            })
            .Merge();
        var appending = fromNode.Merge(fromConnections)
            .Where(sent => _stopGate.Admits(sent.From, sent.Command))
            .Select(sent => (sent.From, sent.Command, Arrived: Arrive()))
            .InRuns(_foldOn, mayWait: sent => sent.Command is Disconnected)
            .Subscribe(Append, ex => Break("The command stream failed", ex));
        return new CompositeDisposable(appending, folding, _logAvailability.Watch());
    }

    /// <summary>
    /// Tells this node's clients the server is stopping and hangs up on them, in log order;
    /// completes once that is folded (and a snapshot taken), so nothing accepted before is lost.
    /// </summary>
    public Task ShutDown()
    {
        _stopGate.Begin();
        _nodeCommands.OnNext(NodeStopping.Instance);
        return _stopped.Task;
    }

    private void Break(string what, Exception ex)
    {
        _logger.LogCritical(ex, "{What}: nothing more can be folded", what);
        _broken.TrySetResult(ex);
    }

    /// <summary>When a command entered the merged stream, for the arrival-to-queued time; counted as waiting for the fold.</summary>
    private long Arrive()
    {
        _meter.Arrived();
        return Stopwatch.GetTimestamp();
    }

    /// <summary>One run: stamped once, stored as one unit, folded (through the log), then written out.</summary>
    private void Append(IReadOnlyList<(ConnectionId From, Command Command, long Arrived)> run)
    {
        _meter.Taken(run.Count);
        _appending.OnNext(Unit.Default);
        var now = _clock.Now.ToUniversalTime();
        if (now < _lastStamp) now = _lastStamp; // the wall clock stepped back: times never go backwards along the log
        _lastStamp = now;

        var stamped = new List<Stamped>(run.Count);
        _notStored.TakeInto(stamped, now);
        foreach (var (from, command, _) in run) stamped.Add(new Stamped(from, now, command));
        _meter.Appended(stamped.Count);

        try { _log.Append(stamped); } // the embedded log folds the run (Fold, below) before it returns
        catch (LogWriteException ex) { _notStored.Tell(stamped, ex); }
        catch (Exception ex)
        {
            // A bug must not stop the fold thread, which would silence the whole chat.
            _logger.LogCritical(ex, "A run of {Count} commands failed while being stored or folded; what was stored is replayed on restart", stamped.Count);
        }
        _courier.Flush(); // the senders told their lines were not stored
        foreach (var sent in run) _meter.LinesQueued(sent.Arrived);
    }

    /// <summary>
    /// Folds a batch of the log (a run, this node's or another's), then writes out what it
    /// caused to this node's connections, and keeps a snapshot when one is due.
    /// </summary>
    private void Fold(IReadOnlyList<LogEntry> batch)
    {
        if (!_rules.Admit(batch, _catchingUp, _broken)) return;
        if (_catchingUp)
        {
            foreach (var entry in batch) CatchUp(entry);
            return;
        }
        foreach (var entry in batch) Fold(entry);
        _courier.Flush();
        _snapshots.KeepIfDue(State, batch[^1].Time);
    }

    /// <summary>Folds one entry of the log and delivers what it caused to this node's connections.</summary>
    private void Fold(LogEntry entry)
    {
        var before = State;
        if (!TryStep(entry, route: true, out var step))
        {
            _courier.HangUp(entry.From); // only the connection whose command failed
            return;
        }
        _meter.Folded();
        if (_folded.HasObservers) _folded.OnNext(new Folded(entry, before, step));
        foreach (var happened in step.Happened)
        {
            _journal.Record(happened.Event, happened.Before);
            if (happened.Event is NodeLost lost && lost.Node == _options.Node) _journal.CutOff(lost.Node, entry.Position);
            if (happened.Event is LineRefused { Why: SlowDown or Flooding } flood) _meter.FloodRefused(cutOff: flood.Why.EndsConnection);
            _courier.Deliver(happened);
        }
        if (entry.Command is Disconnected) _courier.Ended(entry.From);
        if (entry.Command is NodeStopping && entry.From.Node == _options.Node)
        {
            _snapshots.Save(State, entry.Time);
            _stopped.TrySetResult();
        }
    }

    /// <summary>
    /// Folds one entry of the replay at start-up. Nobody is connected yet, so nothing is routed,
    /// rendered or delivered: only the state is rebuilt (the same <see cref="Chat.Step"/> as
    /// <see cref="Fold(LogEntry)"/>), which is most of what a long replay costs. A NodeStopping
    /// met here is an earlier run's: this run's stop is still to come.
    /// </summary>
    private void CatchUp(LogEntry entry) => TryStep(entry, route: false, out _);

    /// <summary>
    /// Steps the chat through <paramref name="entry"/>. A bug while handling one connection's
    /// command must not end the chat for everyone: on a fault the chat stays as it was (the
    /// entry only settled), the fault is journaled, and false is returned.
    /// </summary>
    private bool TryStep(LogEntry entry, bool route, out ChatStep step)
    {
        try
        {
            step = Chat.Step(State, entry, route);
            State = step.State;
            if (step.Skipped is { } why) { _meter.EntrySkipped(why); _journal.Skipped(entry, why); }
            return true;
        }
        catch (Exception ex)
        {
            State = Chat.Settle(State, entry);
            _journal.Fault(entry, ex);
            step = default;
            return false;
        }
    }
}
