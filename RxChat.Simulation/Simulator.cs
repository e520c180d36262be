using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using RxChat.Server.Core;
using RxChat.Server.Delivery;
using RxChat.Server.Log;
using RxChat.Server.Protocol;
using L = RxChat.Protocol.ServerLines;

namespace RxChat.Simulation;

/// <summary>
/// Plays a <see cref="Plan"/>: every node folds the one <see cref="SimulatedLog"/> with the
/// <see cref="FoldRule"/> (the server's own <see cref="Chat.Step"/> unless a test says
/// otherwise) and delivers through the server's own <see cref="Courier"/> and text codec, on
/// one virtual clock that moves one second per act. After every step the invariants are
/// checked; the run stops at the first one broken. Single-threaded and seeded, so a plan always
/// plays the same way, trace included.
/// </summary>
/// <remarks>
/// What happens within a step, always in this order: the act; each node (in plan order)
/// appends what it holds, if it can reach the log; each quiet node heartbeats (several
/// nodes only, as in a cluster); each node folds what it has not read yet, delivers, and
/// its fast readers read; then the end-of-step checks.
/// </remarks>
public sealed class Simulator
{
    /// <summary>The clock at step 0, when every node starts.</summary>
    public static readonly DateTimeOffset Start = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    private static readonly ChatRules Rules = ChatRules.Default;
    private static readonly IChatCodec[] Codecs = Server.Protocol.Codecs.Create(TimeZoneInfo.Utc, announceLeaders: true);
    private static readonly IChatCodec Text = Codecs[(int)CodecKind.Text];

    private readonly Plan _plan;
    private readonly FoldRule _rule;
    private readonly SimulatedLog _log;
    private readonly Dictionary<string, SimulatedNode> _nodes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SimulatedClient> _clients = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<HeardLine>> _received = new(StringComparer.Ordinal);
    private readonly Dictionary<long, string> _fingerprints = [];
    private readonly Dictionary<ConnectionId, List<long>> _connectedAt = [];
    private readonly Dictionary<string, long> _chatLineAt = new(StringComparer.Ordinal);
    private readonly List<string> _trace = [];
    private Violation? _violation;
    private int _step;

    private Simulator(Plan plan, FoldRule rule, bool logDeduplicates)
    {
        _plan = plan;
        _rule = rule;
        _log = new SimulatedLog(logDeduplicates);
        foreach (var node in plan.Nodes) _nodes[node] = new SimulatedNode(node, ChatState.Create(Rules));
    }

    private DateTimeOffset Now => Start.AddSeconds(_step);

    /// <summary>Plays <paramref name="plan"/> to its end or to the first broken invariant.</summary>
    /// <param name="rule">How nodes fold; the server's rules by default.</param>
    /// <param name="logDeduplicates">False: the log appends a retried message again (a mutant).</param>
    public static SimulationResult Run(Plan plan, FoldRule? rule = null, bool logDeduplicates = true)
    {
        var simulation = new Simulator(plan, rule ?? FoldRules.Real, logDeduplicates);
        simulation.Play();
        return new SimulationResult(plan, simulation._trace, simulation._violation,
            simulation._received.ToDictionary(p => p.Key, p => (IReadOnlyList<HeardLine>)p.Value, StringComparer.Ordinal),
            simulation._log.Length);
    }

    private void Play()
    {
        _trace.Add($"0000 {_plan.Nodes.Count} nodes start: {string.Join(", ", _plan.Nodes)}");
        foreach (var node in _nodes.Values) StartNode(node);
        Tick();
        for (int i = 0; i < _plan.Acts.Count && _violation is null; i++)
        {
            _step = i + 1;
            var act = _plan.Acts[i];
            _trace.Add($"{_step:D4} {act}");
            Apply(act);
            Tick();
        }
        if (_violation is not null) _trace.Add($"broken: {_violation}");
    }

    private void Apply(Act act)
    {
        switch (act)
        {
            case ClientConnects connects:
                Connect(connects);
                break;
            case ClientTypes types when Live(types.Client) is { } client:
                var command = Text.Read(types.Line, client.AwaitingLogin).Command;
                if (command is null) break;
                if (command is Login) client.AwaitingLogin = false;
                Append(_nodes[client.Id.Node], client.Id, command, command is Say ? types.Line : null);
                break;
            case ClientReads reads when Live(reads.Client) is { ReadsSlowly: true } client:
                client.Read();
                if (client.ChatLinesDue.TryPeek(out var missed))
                    Broke(Invariant.LineReachesMembers, $"{client.Name} read everything sent, but not \"{missed}\"");
                break;
            case ClientCloses closes when Live(closes.Client) is { } client:
                client.Leave();
                Append(_nodes[client.Id.Node], client.Id, new Disconnected("closed"), null);
                break;
            case ClientVanishes vanishes when Live(vanishes.Client) is { } client:
                client.Leave();
                Append(_nodes[client.Id.Node], client.Id, new Disconnected("connection reset by peer"), null);
                break;
            case NodeCrashes crashes when _nodes[crashes.Node].Running:
                Crash(_nodes[crashes.Node]);
                break;
            case NodeSnapshotsAndCrashes snapshots when _nodes[snapshots.Node] is { Serving: true } node:
                node.Snapshot = LogJson.Serialize(ChatSnapshot.Of(node.State));
                _trace.Add($"     {node.Name} snapshot at {node.State.Position}");
                Crash(node);
                break;
            case NodeRestarts restarts when !_nodes[restarts.Node].Running:
                StartNode(_nodes[restarts.Node]);
                break;
            case LogGoesDown:
                _log.IsDown = true;
                break;
            case LogComesBack:
                _log.IsDown = false;
                break;
            case NodeCutOff cut:
                _nodes[cut.Node].CutOff = true;
                break;
            case NodeReconnects back:
                _nodes[back.Node].CutOff = false;
                break;
            case DuplicateAppend duplicate:
                _nodes[duplicate.Node].DuplicateNext = true;
                break;
        }
    }

    /// <summary>The client, if it is connected and its node runs.</summary>
    private SimulatedClient? Live(string name) =>
        _clients.TryGetValue(name, out var client) && !client.Over && _nodes[client.Id.Node].Running ? client : null;

    private void Connect(ClientConnects connects)
    {
        if (_clients.ContainsKey(connects.Client) || !_nodes.TryGetValue(connects.Node, out var node) || !node.Serving) return;
        var id = new ConnectionId(node.Name, ++node.ConnectionsAccepted);
        var client = new SimulatedClient(connects.Client, id, connects.ReadsSlowly, Heard);
        _clients[connects.Client] = client;
        _received[connects.Client] = [];
        node.Clients[id] = client;
        node.Courier!.Welcome(client);
        Append(node, id, Connected.Instance, null);
    }

    private void StartNode(SimulatedNode node)
    {
        node.Run++;
        node.Running = true;
        node.StartedAt = 0;
        node.ConnectionsAccepted = 0;
        node.Clients.Clear();
        node.Courier = new Courier(Codecs, long.MaxValue, NullLogger.Instance);
        node.State = ChatState.Create(Rules);
        if (node.Snapshot is { } snapshot)
        {
            node.State = LogJson.DeserializeSnapshot(snapshot).ToState(Rules);
            CheckFingerprint(node);
        }
        node.LastAppended = Now;
        Append(node, ConnectionId.NodeItself(node.Name), NodeStarted.Instance, null);
    }

    private static void Crash(SimulatedNode node)
    {
        node.Running = false;
        node.CutOff = false;
        node.DuplicateNext = false;
        node.Courier = null;
        node.Unacknowledged.Clear();
        foreach (var client in node.Clients.Values) if (!client.Over) client.Leave();
    }

    private bool Reaches(SimulatedNode node) => node.Running && !node.CutOff && !_log.IsDown;

    private void Append(SimulatedNode node, ConnectionId from, Command command, string? chatLine)
    {
        node.Unacknowledged.Enqueue(new Pending(node.NextMessageId(), Now, from, command, chatLine));
        Flush(node);
    }

    /// <summary>Appends, in order, what the node holds; a message whose acknowledgement is "lost" is sent again with its id.</summary>
    private void Flush(SimulatedNode node)
    {
        while (Reaches(node) && node.Unacknowledged.TryDequeue(out var pending))
        {
            var position = _log.Append(pending.MessageId, pending.Time, pending.From, pending.Command)!.Value;
            Acknowledged(node, pending, position);
            // A retried heartbeat is only one more heartbeat; the retry that matters is a client's command.
            if (!node.DuplicateNext || pending.From.Number == 0) continue;
            node.DuplicateNext = false;
            var again = _log.Append(pending.MessageId, pending.Time, pending.From, pending.Command)!.Value;
            _trace.Add($"     {pending.MessageId} sent again: acknowledged at {again}");
        }
    }

    private void Acknowledged(SimulatedNode node, Pending pending, long position)
    {
        _trace.Add($"     log {position}: {pending.From} {pending.Command.GetType().Name}{(pending.ChatLine is null ? "" : $" \"{pending.ChatLine}\"")}");
        node.LastAppended = Now;
        if (pending.Command is Connected)
        {
            if (!_connectedAt.TryGetValue(pending.From, out var positions)) _connectedAt[pending.From] = positions = [];
            positions.Add(position);
        }
        if (pending.Command is NodeStarted && node.StartedAt == 0) node.StartedAt = position;
        if (pending.ChatLine is { } line) _chatLineAt.TryAdd(line, position);
    }

    private void Tick()
    {
        foreach (var node in _nodes.Values) Flush(node);
        if (_nodes.Count > 1)
            foreach (var node in _nodes.Values)
                if (node.Serving && Reaches(node) && node.Unacknowledged.Count == 0 && Now - node.LastAppended >= Rules.HeartbeatEvery)
                    Append(node, ConnectionId.NodeItself(node.Name), NodeHeartbeat.Instance, null);
        foreach (var node in _nodes.Values)
        {
            if (_violation is not null) return;
            Fold(node);
        }
        foreach (var client in _clients.Values)
            if (!client.Over && !client.ReadsSlowly && client.ChatLinesDue.TryPeek(out var missed))
                Broke(Invariant.LineReachesMembers, $"\"{missed}\" was due to {client.Name} ({client.Id}) and did not arrive");
    }

    /// <summary>Folds what the node has not read yet: entries up to its own start as a catch-up, the rest live.</summary>
    private void Fold(SimulatedNode node)
    {
        if (!Reaches(node) || node.State.Position >= _log.Length) return;
        var from = node.State.Position + 1;
        bool delivered = false;
        while (node.State.Position < _log.Length && _violation is null)
        {
            var entry = _log.At(node.State.Position + 1);
            bool live = node.StartedAt > 0 && entry.Position > node.StartedAt;
            ChatStep step;
            try
            {
                step = _rule(node.State, entry, live);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                Broke(Invariant.RulesDoNotThrow, $"{node.Name} at {entry.Position}: {ex.GetType().Name}: {ex.Message}");
                return;
            }
            node.State = step.State with { Position = entry.Position };
            if (live)
            {
                foreach (var happened in step.Happened)
                {
                    ExpectChatLine(node, happened);
                    node.Courier!.Deliver(happened);
                }
                if (entry.Command is Disconnected) node.Courier!.Ended(entry.From);
                delivered = true;
            }
            CheckLeaders(node);
        }
        // Fingerprinted where each fold stops: every node stops at the log's end, so nodes meet
        // there (a node catching up meets them at the end they have reached too), and a whole
        // state is hashed once per step and node rather than once per entry.
        CheckFingerprint(node);
        if (delivered) node.Courier!.Flush();
        _trace.Add($"     {node.Name} folded {from}..{node.State.Position} [{Short(_fingerprints.GetValueOrDefault(node.State.Position, "?"))}]");
    }

    /// <summary>A chat line is due to every member of its room on this node but its sender, who is still there.</summary>
    private void ExpectChatLine(SimulatedNode node, Happened happened)
    {
        if (happened.Event is not Said { Action: false } said || happened.After.FindRoom(said.Room) is not { } room) return;
        foreach (var member in room.Members)
            if (member.Id != said.Who && node.Clients.TryGetValue(member.Id, out var client) && !client.Over)
            {
                client.ChatLinesDue.Enqueue(said.Text);
                _trace.Add($"     \"{said.Text}\" due to {client.Name}");
            }
    }

    /// <summary>A client read a line (null: its connection was closed by the server).</summary>
    private void Heard(SimulatedClient client, string? line)
    {
        _received[client.Name].Add(new HeardLine(_step, line));
        _trace.Add(line is null ? $"     {client.Name}: the server closed the connection" : $"     {client.Name} reads \"{line}\"");
        if (line is null) return;
        if (L.HistoryEnd.Matches(line)) { client.InHistory = false; return; }
        if (L.HistoryStart.Matches(line) || L.HistoryStartOne.Matches(line)) { client.InHistory = true; return; }
        if (client.InHistory || !L.Chat.TryMatch(line, out var parts)) return;
        var text = parts[^1];
        if (!client.ChatLinesRead.Add(text))
        {
            Broke(Invariant.LineOnce, $"{client.Name} read \"{text}\" twice");
            return;
        }
        if (!client.ChatLinesDue.TryPeek(out var due) || due != text)
        {
            Broke(client.ChatLinesDue.Contains(text) ? Invariant.LineInLogOrder : Invariant.LineOnlyToMembers,
                $"{client.Name} read \"{line}\"; due next: {(due is null ? "nothing" : $"\"{due}\"")}");
            return;
        }
        client.ChatLinesDue.Dequeue();
        if (_chatLineAt.TryGetValue(text, out var position))
        {
            if (position <= client.LatestChatPosition)
                Broke(Invariant.LineInLogOrder, $"{client.Name} read \"{text}\" (log {position}) after a line at log {client.LatestChatPosition}");
            client.LatestChatPosition = position;
        }
    }

    private void CheckFingerprint(SimulatedNode node)
    {
        var position = node.State.Position;
        var fingerprint = node.State.Fingerprint();
        if (!_fingerprints.TryAdd(position, fingerprint) && _fingerprints[position] != fingerprint)
            Broke(Invariant.FingerprintsAgree, $"{node.Name} at {position}: {Short(fingerprint)}, another node had {Short(_fingerprints[position])}");
    }

    /// <summary>Earliest-connected by the log positions the simulator saw acknowledged, not by what the state says.</summary>
    private void CheckLeaders(SimulatedNode node)
    {
        var state = node.State;
        foreach (var room in state.Rooms.Values.OrderBy(r => r.Name, StringComparer.Ordinal)) // string hashes differ per process; the report must not
        {
            var earliest = room.Members.MinBy(m => ConnectedAt(m.Id, state.Position)).Id;
            if (room.Leader == earliest) continue;
            Broke(Invariant.LeaderIsEarliest, string.Create(CultureInfo.InvariantCulture,
                $"{node.Name} at {state.Position}: {room.Name} is led by {state.NameOf(room.Leader)} (connected at {ConnectedAt(room.Leader, state.Position)}), but {state.NameOf(earliest)} connected at {ConnectedAt(earliest, state.Position)}"));
            return;
        }
    }

    /// <summary>The log position of the connection's latest <see cref="Connected"/> up to <paramref name="position"/> (ids repeat across a node's runs).</summary>
    private long ConnectedAt(ConnectionId id, long position) =>
        _connectedAt.TryGetValue(id, out var positions) ? positions.LastOrDefault(p => p <= position, long.MaxValue) : long.MaxValue;

    private static string Short(string fingerprint) => fingerprint.Length > 12 ? fingerprint[..12] : fingerprint;

    private void Broke(Invariant invariant, string detail) => _violation ??= new Violation(_step, invariant, detail);
}
