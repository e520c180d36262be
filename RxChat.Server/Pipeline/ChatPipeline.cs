using System.Collections.Concurrent;
using System.Reactive.Concurrency;
using System.Reactive.Linq;
using System.Reactive.Subjects;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using RxChat.Server.Core;
using RxChat.Server.Transport;

namespace RxChat.Server.Pipeline;

/// <summary>
/// The whole server in one expression:
/// <code>
/// connections ─▶ each: Connected, lines→commands, Disconnected
///             ─▶ Merge (one ordered stream) ─▶ stamp time from the IScheduler
///             ─▶ Scan(Reduce, Diff) ─▶ deliver each line to its recipients' writers
/// </code>
/// The scheduler is the only source of time, so the same pipeline runs on the real clock
/// in production and on a virtual-time TestScheduler in the marble tests.
/// <para>
/// The server runs the fold on one dedicated thread (<see cref="FoldThread"/>): connection
/// threads then only enqueue their commands, instead of queueing on Merge's lock while
/// another thread folds and fans out, and the writers are woken once per run of commands.
/// Without it (tests on virtual time), the fold runs on the thread that delivered the
/// command and every step is written at once.
/// </para>
/// </summary>
public sealed class ChatPipeline
{
    private readonly ChatOptions _options;
    private readonly IScheduler _scheduler;
    private readonly ILogger _logger;
    private readonly ChatJournal _journal;
    private readonly ConcurrentDictionary<ConnectionId, IChatConnection> _live = new();
    private readonly Subject<Command> _serverCommands = new();

    private readonly bool _onFoldThread;
    private readonly HashSet<IChatConnection> _unflushed = new(ReferenceEqualityComparer.Instance); // fold thread only

    public ChatPipeline(ChatOptions options, IScheduler scheduler, ILogger? logger = null, bool onFoldThread = false)
    {
        _options = options;
        _scheduler = scheduler;
        _onFoldThread = onFoldThread;
        _logger = logger ?? NullLogger.Instance;
        _journal = new ChatJournal(_logger);
        State = ChatState.Create(options.Rules);
    }

    /// <summary>The chat after the latest step (for diagnostics and tests; the stream owns it).</summary>
    public ChatState State { get; private set; }

    /// <summary>The fold as a stream of steps, before anything is delivered.</summary>
    public IObservable<ChatStep> Steps(IObservable<IChatConnection> connections)
    {
        var fromConnections = connections
            .Select(connection =>
            {
                _live[connection.Id] = connection;
                return ConnectionCommands.Of(connection, _options.LoginTimeout, _options.MaxLineBytes, _scheduler, _options.Flood);
            })
            .Merge();
        var fromServer = _serverCommands.Select(command => (From: ConnectionId.Server, Command: command));

        var merged = fromConnections.Merge(fromServer);
        if (_onFoldThread) merged = merged.ObserveOnFoldThread(runEnded: FlushWriters);
        return merged
            .Select(c => new Envelope(c.From, TimeZoneInfo.ConvertTime(_scheduler.Now, _options.TimeZone), c.Command))
            .Scan(ChatStep.Start(State), (step, envelope) => step.Next(envelope));
    }

    /// <summary>Runs the chat: every step's outbound lines go to the connections' writers.</summary>
    public IDisposable Run(IObservable<IChatConnection> connections) =>
        Steps(connections).Subscribe(CarryOut, ex => _logger.LogCritical(ex, "The command stream failed"));

    /// <summary>Tells everyone the server is stopping and hangs up on them, in stream order.</summary>
    public void ShutDown() => _serverCommands.OnNext(ServerShutdown.Instance);

    private void CarryOut(ChatStep step)
    {
        State = step.After;
        _journal.Record(step);
        foreach (var outbound in step.Outbound)
        {
            switch (outbound)
            {
                case Deliver deliver:
                    var line = new OutboundLine(deliver.Line); // rendered once, shared by all recipients
                    foreach (var id in deliver.To)
                        if (_live.TryGetValue(id, out var recipient)) Send(recipient, line);
                    break;
                case Hangup hangup:
                    if (_live.TryGetValue(hangup.Who, out var leaving)) HangUp(leaving);
                    break;
            }
        }
        if (step.Envelope.Command is Disconnected && _live.TryRemove(step.Envelope.From, out var gone))
            HangUp(gone); // the lines ended (timeout, fault): make sure the socket closes too
        if (!_onFoldThread) FlushWriters();
    }

    /// <summary>Wakes the writer of every connection that was given lines since the last flush.</summary>
    private void FlushWriters()
    {
        foreach (var connection in _unflushed)
        {
            try { connection.Flush(); }
            catch (Exception ex) { Drop(connection, ex); }
        }
        _unflushed.Clear();
    }

    /// <summary>
    /// A connection that throws when handed a line is broken: it is logged once, hung up and
    /// sent nothing more, and the delivery to everyone else — and the stream — goes on.
    /// </summary>
    private void Send(IChatConnection recipient, OutboundLine line)
    {
        try
        {
            recipient.Send(line);
            _unflushed.Add(recipient);
        }
        catch (Exception ex) { Drop(recipient, ex); }
    }

    private void HangUp(IChatConnection connection)
    {
        try { connection.Hangup(); }
        catch (Exception ex) { Drop(connection, ex); }
    }

    private void Drop(IChatConnection broken, Exception ex)
    {
        if (!_live.TryRemove(broken.Id, out _)) return;
        _logger.LogError("Error writing to {Id}; that connection is closed: {Error}", broken.Id, ex.Message);
        try { broken.Hangup(); } catch (Exception) { /* it is beyond help; its lines will end */ }
    }
}
