using System.Collections.Concurrent;
using System.Diagnostics;
using System.Reactive;
using System.Reactive.Concurrency;
using System.Reactive.Disposables;
using System.Reactive.Linq;
using System.Reactive.Subjects;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using RxChat.Protocol;
using RxChat.Server.Core;
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
/// LOG.Entries ─▶ Decide ─▶ Evolve ─▶ Route ─▶ render once per delivery and codec ─▶ this node's writers
/// </code>
/// The same code runs in production (a dedicated fold thread, the wall clock, SQLite on
/// disk) and in the tests (a virtual-time TestScheduler for both, SQLite in memory).
/// </summary>
public sealed class ChatPipeline
{
    private readonly ChatOptions _options;
    private readonly ICommandLog _log;
    private readonly IScheduler _clock;
    private readonly IScheduler _foldOn;
    private readonly ILogger _logger;
    private readonly TextCodec _codec;
    private readonly IChatCodec[] _codecs; // by CodecKind
    private readonly IReadOnlyList<OutboundLine>?[] _rendered; // the fold's: one delivery's lines per codec, rendered when first needed
    private readonly Fanout _fanout; // the fold's: the shared outbound buffer, and who follows what in it
    private readonly ChatJournal _journal;
    private readonly IChatMeter _meter;
    private readonly ConcurrentDictionary<ConnectionId, IChatConnection> _live = new();
    private readonly Subject<Command> _nodeCommands = new();
    private readonly Subject<Unit> _appending = new(); // each run this node tries to append: what a heartbeat waits for a pause in
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<Exception> _broken = new(TaskCreationOptions.RunContinuationsAsynchronously);

    // Touched only by the fold (one run at a time).
    private readonly List<Stamped> _unstored = []; // entries that must reach the log once it can store again
    private DateTimeOffset _lastStamp;
    private long _snapshotVersion;
    private DateTimeOffset _snapshotTime;
    private bool _catchingUp;

    /// <param name="clock">The only source of time: stamps, login timeouts, flood control.</param>
    /// <param name="foldOn">Where runs are folded; the clock's scheduler itself when null (tests).</param>
    public ChatPipeline(ChatOptions options, ICommandLog log, IScheduler clock, IScheduler? foldOn = null, ILogger? logger = null, IChatMeter? meter = null)
    {
        _meter = meter ?? IChatMeter.None;
        _options = options;
        _log = log;
        _clock = clock;
        _foldOn = foldOn ?? clock;
        _logger = logger ?? NullLogger.Instance;
        _codec = new TextCodec(options.TimeZone, options.AnnounceLeaders);
        _codecs = Codecs.Create(options.TimeZone, options.AnnounceLeaders);
        _rendered = new IReadOnlyList<OutboundLine>?[_codecs.Length];
        _fanout = new Fanout(new OutboundBuffer(options.MaxQueuedBytesTotal), _codecs.Length);
        _journal = new ChatJournal(_logger, _codec);
        State = ChatState.Create(options.Rules);
        _accounts = new AccountDesk(() => State.Accounts, options.Rules, clock);
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

    private readonly AccountDesk _accounts; // passwords are hashed and checked at the edges, off the fold's thread

    /// <summary>The node's shared outbound buffer: what it holds, its budget, the fold's work on it (diagnostics and tests).</summary>
    public OutboundBuffer Outbound => _fanout.Buffer;

    /// <summary>
    /// Catches up with the log (the newest snapshot, then every entry after it), appends this
    /// node's start, then folds every connection's commands until disposed.
    /// </summary>
    public IDisposable Run(IObservable<IChatConnection> connections)
    {
        State = _log.LatestSnapshot()?.ToState(_options.Rules) ?? ChatState.Create(_options.Rules);
        _snapshotVersion = State.Version;
        _snapshotTime = _clock.Now;
        _catchingUp = true; // nobody is connected yet: the replay only rebuilds the state
        var folding = _log.Entries(State.Version).Subscribe(Fold, ex => Break("The log failed", ex));
        _catchingUp = false;
        if (State.Version > 0) _logger.LogInformation("Chat restored at log position {Position}", State.Version);

        var node = ConnectionId.NodeItself(_options.Node);
        var fromNode = Observable.Return<Command>(NodeStarted.Instance).Concat(_nodeCommands).Merge(Heartbeats())
            .Select(command => (From: node, Command: command, Arrived: Arrive()));
        var fromConnections = connections
            .Select(connection =>
            {
                _live[connection.Id] = connection;
                return ConnectionCommands.Of(connection, _codecs[(int)connection.Codec], _options.LoginTimeout, _options.MaxLineBytes, _clock, _options.Flood, _accounts, _options.IdleTimeout);
            })
            .Merge()
            .Select(sent => (sent.From, sent.Command, Arrived: Arrive()));
        var appending = fromNode.Merge(fromConnections)
            .InRuns(_foldOn, mayWait: sent => sent.Command is Disconnected)
            .Subscribe(Append, ex => Break("The command stream failed", ex));
        return new CompositeDisposable(appending, folding, WatchLogAvailability());
    }

    private void Break(string what, Exception ex)
    {
        _logger.LogCritical(ex, "{What}: nothing more can be folded", what);
        _broken.TrySetResult(ex);
    }

    /// <summary>
    /// Whether the log can store runs now (false while a log kept elsewhere is unreachable):
    /// what <c>/healthz</c> and the metrics report. An embedded log is always available.
    /// </summary>
    public bool LogAvailable => _logAvailable;

    private volatile bool _logAvailable = true; // written on the fold's thread, read by HTTP requests

    /// <summary>
    /// A log kept elsewhere (NATS) can become unreachable: this node's connections are told
    /// once that their lines are not delivered until it is back (each line meanwhile is
    /// refused with <see cref="ServerLines.NotStored"/>), and told once more when it is back.
    /// </summary>
    private IDisposable WatchLogAvailability()
    {
        if (_log is not ILogAvailability log) return Disposable.Empty;
        return log.Available
            .SkipWhile(available => available) // nothing to say until it is first lost
            .ObserveOn(_foldOn)
            .Subscribe(available =>
            {
                _logAvailable = available;
                var notice = new NodeNotice(available ? ServerLines.LogBack : ServerLines.LogUnreachable);
                foreach (var connection in _live.Values) Send(connection, notice.For(connection));
                FlushWriters();
            });
    }

    /// <summary>
    /// Tells this node's clients the server is stopping and hangs up on them, in log order;
    /// completes once that is folded (and a snapshot taken), so nothing accepted before is lost.
    /// </summary>
    public Task ShutDown()
    {
        _nodeCommands.OnNext(NodeStopping.Instance);
        return _stopped.Task;
    }

    /// <summary>
    /// A <see cref="NodeHeartbeat"/> each time this node has tried to append nothing for
    /// <see cref="ChatRules.HeartbeatEvery"/>, until it says goodbye: how the other nodes
    /// sharing the log know it is alive (<see cref="Liveness"/>). A failed append counts as
    /// trying, so during an outage heartbeats keep being tried and one lands when the log is back.
    /// Only when <see cref="ChatOptions.Heartbeats"/> is on: a node alone on its log has nobody to tell.
    /// </summary>
    private IObservable<Command> Heartbeats() => _options.Heartbeats
        ? _appending.StartWith(Unit.Default)
            .Throttle(_options.Rules.HeartbeatEvery, _clock)
            .Select(_ => (Command)NodeHeartbeat.Instance)
            .TakeUntil(_nodeCommands.Where(command => command is NodeStopping))
        : Observable.Never<Command>();

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

        var stamped = new List<Stamped>(_unstored.Count + run.Count);
        foreach (var unstored in _unstored) stamped.Add(unstored with { Time = now }); // they happen now, in order
        _unstored.Clear();
        foreach (var (from, command, _) in run) stamped.Add(new Stamped(from, now, command));
        _meter.Appended(stamped.Count);

        try { _log.Append(stamped); } // the embedded log folds the run (Fold, below) before it returns
        catch (LogWriteException ex) { NotStored(stamped, ex); }
        catch (Exception ex)
        {
            // A bug must not stop the fold thread, which would silence the whole chat.
            _logger.LogCritical(ex, "A run of {Count} commands failed while being stored or folded; what was stored is replayed on restart", stamped.Count);
        }
        FlushWriters(); // the senders told their lines were not stored
        foreach (var sent in run) _meter.LinesQueued(sent.Arrived);
    }

    /// <summary>
    /// Folds a batch of the log (a run, this node's or another's), then writes out what it
    /// caused to this node's connections, and keeps a snapshot when one is due.
    /// </summary>
    private void Fold(IReadOnlyList<LogEntry> batch)
    {
        if (_catchingUp)
        {
            foreach (var entry in batch) CatchUp(entry);
            return;
        }
        foreach (var entry in batch) Fold(entry);
        FlushWriters();
        KeepSnapshot(batch[^1].Time);
    }

    /// <summary>Folds one entry of the log and delivers what it caused to this node's connections.</summary>
    private void Fold(LogEntry entry)
    {
        var before = State;
        var steps = new List<(ChatEvent Event, ChatState Before, ChatState After, IReadOnlyList<Delivery> To)>(4);
        var state = before;
        try
        {
            foreach (var e in Chat.Decide(state, entry))
            {
                var after = Chat.Evolve(state, e);
                steps.Add((e, state, after, Chat.Route(e, after)));
                state = after;
            }
        }
        catch (Exception ex)
        {
            // A bug while handling one connection's command must not end the chat for everyone:
            // the state stays as it was and only that connection is hung up.
            State = Chat.Settle(before, entry);
            _journal.Fault(entry, ex);
            if (_live.TryRemove(entry.From, out var faulty)) HangUp(faulty);
            return;
        }
        State = Chat.Settle(state, entry);
        _meter.Folded();

        foreach (var (e, stateBefore, after, deliveries) in steps)
        {
            _journal.Record(e, stateBefore);
            if (e is NodeLost lost && lost.Node == _options.Node) CutOff(entry);
            if (e is LineRefused { Why: SlowDown or Flooding } flood) _meter.FloodRefused(cutOff: flood.Why is Flooding);
            Follow(e, after);
            foreach (var delivery in deliveries) Deliver(delivery, after);
            if (e is JoinedRoom or LeftRoom) ShowMembers(e, after);
        }
        // The lines ended (closed, timed out, cut off) for a connection the chat had already
        // forgotten (a refused name): make sure the socket closes too.
        if (entry.Command is Disconnected && _live.TryRemove(entry.From, out var gone)) HangUp(gone);
        if (entry.Command is Disconnected) _fanout.Forget(entry.From);
        if (entry.Command is NodeStopping && entry.From.Node == _options.Node)
        {
            SaveSnapshot(entry.Time);
            _stopped.TrySetResult();
        }
    }

    /// <summary>
    /// The chat declared this very node lost: it was cut off from the log long enough, not
    /// dead, and its entries reach the log again. Its clients are gone from the chat, so the
    /// events that follow tell them (<see cref="ServerLines.CutOff"/>) and hang up on them,
    /// rather than leaving them connected as ghosts nobody else can see; they reconnect and
    /// log in again. Said here once, for the operator.
    /// </summary>
    private void CutOff(LogEntry entry) =>
        _logger.LogWarning("The chat declared this node ({Node}) lost at log position {Position}: it was cut off for too long; its connections are closed, new ones are welcome",
            _options.Node, entry.Position);

    /// <summary>
    /// Folds one entry of the replay at start-up. Nobody is connected yet, so nothing is routed,
    /// rendered or delivered: only the state is rebuilt (<see cref="Chat.Fold"/>, the same
    /// Decide and Evolve as <see cref="Fold"/>), which is most of what a long replay costs.
    /// </summary>
    private void CatchUp(LogEntry entry)
    {
        try { State = Chat.Fold(State, entry).After; }
        catch (Exception ex)
        {
            State = Chat.Settle(State, entry);
            _journal.Fault(entry, ex);
        }
        // A NodeStopping met here is an earlier run's: this run's stop is still to come.
    }

    /// <summary>
    /// Keeps what the event's subject follows in the shared buffer in step with the chat
    /// after it (logged in: everyone's lines; in a room: that room's), before anything the
    /// event causes is appended: a joiner hears its room from its join on, a leaver not after.
    /// </summary>
    private void Follow(ChatEvent e, ChatState after)
    {
        if (e.Subject is not { } who || !_live.TryGetValue(who, out var connection)) return;
        var client = after.Clients.GetValueOrDefault(who);
        _fanout.Follow(_fanout.Of(connection), client?.IsLoggedIn == true, client?.Room);
    }

    /// <summary>
    /// A broadcast (a room's members, every user) is rendered once per codec in use and
    /// appended once to the shared stream its audience follows: the same cost for a room
    /// of 2 or of 2,000. Anything else is rendered for, and sent to, each recipient.
    /// </summary>
    private void Deliver(Delivery delivery, ChatState after)
    {
        switch (delivery.To)
        {
            case Recipients.Members { Room: { } room } members:
                if (_fanout.Room(room) is { } streams) Broadcast(streams, delivery, after, members.Except);
                break;
            case Recipients.Users users:
                Broadcast(_fanout.Everyone, delivery, after, users.Except);
                break;
            default:
                Array.Clear(_rendered);
                foreach (var id in delivery.To)
                {
                    if (!_live.TryGetValue(id, out var recipient)) continue; // on another node, or gone
                    int kind = (int)recipient.Codec;
                    var lines = _rendered[kind] ??= _codecs[kind].Render(delivery.Event, delivery.Audience, after);
                    for (int i = 0; i < lines.Count; i++) Send(recipient, lines[i]);
                }
                break;
        }
        if (delivery.Event is ClientGone gone && _live.TryRemove(gone.Who, out var leaving)) HangUp(leaving);
    }

    private void Broadcast(OutboundStream?[] streams, Delivery delivery, ChatState after, ConnectionId? except)
    {
        var skipped = _fanout.OutboxOf(except);
        for (int kind = 0; kind < streams.Length; kind++)
        {
            if (streams[kind] is not { } stream) continue;
            AppendAll(stream, () => _codecs[kind].Render(delivery.Event, delivery.Audience, after), skipped, IsNotice(delivery.Event));
        }
    }

    /// <summary>
    /// Who came and went, and who leads: lines nobody answers, which may wait a moment for the
    /// next prompt line to carry them (<see cref="OutboundBuffer.NoticeDelay"/>). A storm of
    /// joins or leaves then costs each reader a send per moment instead of one per notice.
    /// </summary>
    private static bool IsNotice(ChatEvent e) => e is JoinedRoom or LeftRoom or LeaderChanged or ClientGone;

    /// <summary>Renders (only when someone but <paramref name="except"/> follows the stream) and appends each line once.</summary>
    private void AppendAll(OutboundStream stream, Func<IReadOnlyList<OutboundLine>> render, Outbox? except, bool notice = false)
    {
        int readers = stream.Followers - (except?.Follows(stream) == true ? 1 : 0);
        if (readers == 0) return;
        var lines = render();
        for (int i = 0; i < lines.Count; i++)
        {
            stream.Append(lines[i], except, notice);
            _meter.Delivered(readers);
        }
    }

    /// <summary>
    /// Someone joined or left a room: its members (as they are now) are shown the room by the
    /// codecs that show rooms (the structured protocol's <c>room</c> object); the text protocol
    /// shows nothing unasked.
    /// </summary>
    private void ShowMembers(ChatEvent e, ChatState after)
    {
        var name = e is JoinedRoom joined ? joined.Room : ((LeftRoom)e).Room;
        if (after.FindRoom(name) is not { } room) return; // emptied: no room to show
        if (_fanout.Room(name) is not { } streams) return; // nobody here is in it
        for (int kind = 0; kind < streams.Length; kind++)
        {
            if (streams[kind] is { } stream) AppendAll(stream, () => _codecs[kind].Members(room, after, e.At), except: null, notice: true);
        }
    }

    /// <summary>
    /// The log could not store a run: nothing of it happened. Each sender on this node is told
    /// its line was not delivered; a connection that could not even be recorded is closed;
    /// what must reach the log eventually (disconnects, this node's start and stop) is kept
    /// for the next run.
    /// </summary>
    private void NotStored(IReadOnlyList<Stamped> run, LogWriteException ex)
    {
        // Only heartbeats: nobody to tell, and the next one tries again in a moment. Logged, every
        // two seconds of an outage, they would drown what the outage did to people.
        if (run.All(entry => entry.Command is NodeHeartbeat)) return;
        _logger.LogError("The log could not store {Count} commands; their senders are told: {Error}", run.Count, ex.Message);
        var notStored = new NodeNotice(ServerLines.NotStored);
        foreach (var entry in run)
        {
            switch (entry.Command)
            {
                case Disconnected or NodeStarted or NodeStopping:
                    _unstored.Add(entry);
                    break;
                case Connected or Quit: // closed now; the Disconnected its closing causes is stored later
                    if (!_live.TryRemove(entry.From, out var unrecorded)) break;
                    if (entry.Command is Connected) Send(unrecorded, notStored.For(unrecorded));
                    HangUp(unrecorded);
                    break;
                default:
                    if (_live.TryGetValue(entry.From, out var sender)) Send(sender, notStored.For(sender));
                    break;
            }
        }
    }

    private void KeepSnapshot(DateTimeOffset now)
    {
        if (State.Version == _snapshotVersion) return;
        if (State.Version - _snapshotVersion >= _options.SnapshotEveryEntries || now - _snapshotTime >= _options.SnapshotEvery)
            SaveSnapshot(now);
    }

    private void SaveSnapshot(DateTimeOffset now)
    {
        _log.SaveSnapshot(State);
        _snapshotVersion = State.Version;
        _snapshotTime = now;
    }

    /// <summary>
    /// Makes the lines of the run readable and wakes their writers (off this thread): once per
    /// run, so a writer wakes once for many lines and sends them in one write.
    /// </summary>
    private void FlushWriters() => _fanout.Publish(Drop);

    /// <summary>
    /// A line for one connection alone, appended to its own stream. A connection that throws
    /// when handed a line is broken: it is logged once, hung up and sent nothing more, and the
    /// delivery to everyone else — and the stream — goes on.
    /// </summary>
    private void Send(IChatConnection recipient, OutboundLine line)
    {
        try
        {
            _fanout.Of(recipient).Outbox.Send(line);
            _meter.Delivered();
        }
        catch (Exception ex) { Drop(recipient, ex); }
    }

    /// <summary>What was appended for it is still sent; then it is closed.</summary>
    private void HangUp(IChatConnection connection)
    {
        var recipient = _fanout.Of(connection);
        _fanout.HangUp(recipient);
        if (recipient.Handed) return; // hung up once what it was sent has been handed over
        try { connection.Hangup(); }
        catch (Exception ex) { Drop(connection, ex); }
    }

    private void Drop(IChatConnection broken, Exception ex)
    {
        if (!_live.TryRemove(broken.Id, out _)) return;
        _logger.LogError("Error writing to {Id}; that connection is closed: {Error}", broken.Id, ex.Message);
        _fanout.Of(broken).Outbox.Close();
        try { broken.Hangup(); } catch (Exception) { /* it is beyond help; its lines will end */ }
    }
}
