using RxChat.Server.Core;
using RxChat.Server.Protocol;

namespace RxChat.Server.Export;

/// <summary>
/// One layout of an exported segment at one frame: every drawn entry folded at the time of its
/// column, and what each connection receives there, as the courier would hand it out — each
/// delivery rendered by the text codec for each of its recipients, a goodbye hanging up its
/// connection (drawn <c>|</c> unless the client had already gone).
/// </summary>
internal sealed class MarbleDrawing
{
    private static readonly TextCodec Codec = new(TimeZoneInfo.Utc);

    private readonly ExportPlan _plan;
    private readonly Dictionary<ConnectionId, MarbleLane> _lanes = [];
    private ChatState _state;
    private long _position;
    private long _column = -1; // the last column an entry was drawn at

    private MarbleDrawing(ExportPlan plan, TimeSpan frame, DateTimeOffset start, ChatRules rules)
    {
        _plan = plan;
        Frame = frame;
        Start = start;
        _state = ChatState.Create(rules);
        foreach (var node in plan.Nodes) NodeActions[node] = [];
    }

    public TimeSpan Frame { get; }

    /// <summary>The clock at column 0: a whole second.</summary>
    public DateTimeOffset Start { get; }

    /// <summary>The lanes in the order their connections connected: the file's order.</summary>
    public List<MarbleLane> Lanes { get; } = [];

    /// <summary>Per node: the columns where it starts (<c>^</c>) and stops (<c>|</c>).</summary>
    public Dictionary<string, List<(long Column, char Symbol)>> NodeActions { get; } = [];

    /// <summary>
    /// What the scenario needs beyond PROTOCOL.md's Part 1 (marbles/README.md, "Tags"), from what
    /// it types and what it is told, so the conformance runner holds a Part 1 server only to what it promised.
    /// </summary>
    public SortedSet<string> Tags { get; } = new(StringComparer.Ordinal);

    /// <summary>How many entries were drawn in another second than they were stamped in.</summary>
    public int Moved { get; private set; }

    /// <summary>The last column anything is drawn at.</summary>
    public long LastColumn => Math.Max(_column, Lanes.Select(l => l.Receives.Count == 0 ? 0 : l.NextReceive - 1).DefaultIfEmpty(0).Max());

    public static MarbleDrawing Lay(ExportPlan plan, TimeSpan frame, ChatRules rules)
    {
        var first = plan.Segment[0].Time.ToUniversalTime();
        var second = new DateTimeOffset(first.Ticks - first.Ticks % TimeSpan.TicksPerSecond, TimeSpan.Zero);
        // Room for the prelude before the first entry: at most a connect, a login and a join per
        // connection, each perhaps followed by a group of a few columns.
        var room = TimeSpan.FromTicks(frame.Ticks * plan.Prelude.Count * 8);
        var start = second - TimeSpan.FromSeconds(Math.Ceiling(room.TotalSeconds));
        var drawing = new MarbleDrawing(plan, frame, start, rules);
        drawing.Draw();
        return drawing;
    }

    private void Draw()
    {
        // Every node runs from column 0, as the runner starts it; its start is the chat's first entry.
        foreach (var node in _plan.Nodes)
        {
            NodeActions[node].Add((0, '^'));
            Fold(new LogEntry(++_position, Start, ConnectionId.NodeItself(node), NodeStarted.Instance));
        }
        foreach (var client in _plan.Prelude)
        {
            Place(client.Id, Connected.Instance, null, '^', null);
            if (client.Username is { } name) Place(client.Id, new Login(name), null, null, TypedLine.Of(new Login(name), awaitingLogin: true));
            if (client.Room is { } room) Place(client.Id, new Join(room), null, null, TypedLine.Of(new Join(room), awaitingLogin: false));
        }
        foreach (var entry in _plan.Segment) Take(entry);
    }

    /// <summary>One entry of the segment: drawn, or left to the replay (it makes it itself), or not exportable.</summary>
    private void Take(LogEntry entry)
    {
        if (EntryCheck.Take(_state, entry).Entry is null) return; // skipped by every fold alike: nothing to draw
        var from = entry.From;
        if (from.Number == 0)
        {
            TakeNodeEntry(entry);
            return;
        }
        if (entry.Command is Connected)
        {
            Place(from, entry.Command, entry.Time, '^', null);
            return;
        }
        // Lines after the server hung up, or after the client itself went, are the replay's own
        // (its connection ends by itself) and decide nothing.
        if (!_lanes.TryGetValue(from, out var lane) || lane.HungUp || lane.PeerGone) return;
        switch (entry.Command)
        {
            case Disconnected gone:
                lane.PeerGone = true;
                Place(from, gone, entry.Time, gone.Reason == "closed by peer" ? '|' : '#', null);
                return;
            case RefuseLine refused:
                throw Unexportable(entry, $"the server refused a line of {lane.Name} at its edge ({refused.Why.GetType().Name}), which a typed line cannot make again");
        }
        var sender = _state.Find(from);
        // IRC names the room a line is said in: said in the sender's own room, it is a plain chat line.
        var command = entry.Command is Say { Room: { } room, Quietly: false } said && room == sender?.Room ? said with { Room = null } : entry.Command;
        var typed = TypedLine.Of(command, awaitingLogin: sender?.IsLoggedIn != true)
            ?? throw Unexportable(entry, $"{lane.Name}'s {entry.Command.GetType().Name} has no line in the text protocol (a password, or a command of another protocol)");
        Place(from, command, entry.Time, null, typed);
    }

    private void TakeNodeEntry(LogEntry entry)
    {
        var node = entry.From.Node;
        var actions = NodeActions[node];
        switch (entry.Command)
        {
            case NodeHeartbeat:
                return; // the replay's nodes beat by themselves
            case NodeStarted when ExportPlan.IsFirstStart(entry, _plan.Segment, _plan.Prelude):
                return; // drawn at column 0
            case NodeStarted when actions[^1].Symbol == '|':
                PlaceNode(entry, '^');
                return;
            case NodeStarted:
                throw Unexportable(entry, $"node {node} started again without stopping (it was killed or crashed); export the part before it or after it");
            case NodeStopping:
                PlaceNode(entry, '|');
                return;
            default:
                throw Unexportable(entry, $"{entry.Command.GetType().Name} is an operator's accounts command, which a marble cannot type");
        }
    }

    private void PlaceNode(LogEntry entry, char symbol)
    {
        var column = Math.Max(_column + 1, Desired(entry.Time));
        column = Fit(entry.From, entry.Command, column, out var step);
        Commit(entry.Time, column, step);
        NodeActions[entry.From.Node].Add((column, symbol));
    }

    /// <summary>Draws one client's action at the first column that is free for it and everyone it reaches.</summary>
    private void Place(ConnectionId from, Command command, DateTimeOffset? time, char? symbol, string? typed)
    {
        if (command is Connected) Lanes.Add(_lanes[from] = new MarbleLane(from, _plan.Names[from]));
        var lane = _lanes[from];
        var column = Math.Max(Math.Max(_column + 1, lane.NextSend), time is { } t ? Desired(t) : 0);
        column = Fit(from, command, column, out var step);
        lane.Send(column, symbol, typed);
        if (TagOf(command) is { } tag) Tags.Add(tag);
        Commit(time, column, step);
    }

    /// <summary>Folds the command at <paramref name="column"/>, moved on until every lane it reaches has room for what it receives.</summary>
    private long Fit(ConnectionId from, Command command, long column, out ChatStep step)
    {
        while (true)
        {
            step = Chat.Step(_state, new LogEntry(_position + 1, At(column), from, command));
            var received = Received(step, dryRun: true);
            var needed = received.Keys.Select(l => l.NextReceive).DefaultIfEmpty(column).Max();
            if (needed <= column) return column;
            column = needed;
        }
    }

    private void Commit(DateTimeOffset? stamped, long column, ChatStep step)
    {
        _position++;
        _state = step.State;
        _column = column;
        foreach (var (lane, lines) in Received(step, dryRun: false)) lane.Receive(column, lines);
        if (stamped is { } time && Second(time) != Second(At(column))) Moved++;
    }

    /// <summary>
    /// What each lane receives from one step, as the courier delivers it: each delivery's lines
    /// to each recipient still connected, and a goodbye hanging its subject up.
    /// </summary>
    private Dictionary<MarbleLane, List<string?>> Received(ChatStep step, bool dryRun)
    {
        var received = new Dictionary<MarbleLane, List<string?>>();
        var hungUp = new HashSet<MarbleLane>(_lanes.Values.Where(l => l.HungUp));
        foreach (var happened in step.Happened)
        {
            if (!dryRun && TagOf(happened.Event) is { } tag) Tags.Add(tag);
            foreach (var delivery in happened.Deliveries)
            {
                var lines = Codec.Render(delivery.Event, delivery.Audience);
                foreach (var id in delivery.To)
                {
                    if (!_lanes.TryGetValue(id, out var lane) || hungUp.Contains(lane)) continue;
                    foreach (var line in lines) Add(received, lane, line);
                }
                if (delivery.Event is ClientGone gone && _lanes.TryGetValue(gone.Who, out var leaving) && hungUp.Add(leaving))
                {
                    if (!leaving.PeerGone) Add(received, leaving, null);
                    if (!dryRun) leaving.HungUp = true;
                }
            }
        }
        return received;
    }

    /// <summary>The tag a typed command needs, or null for Part 1's own (a name, a chat line, /users, /room, /join, /leader).</summary>
    private static string? TagOf(Command command) => command switch
    {
        Quit or UnknownCommand => TagWord.Differs,
        ShowHistory or Misused { Command: CommandName.History } => TagWord.History,
        Help or WhoIsHere or ListRooms => TagWord.Commands,
        Tell or Act or ShowTopic or SetTopic or Kick or Misused { Command: CommandName.Msg or CommandName.Me or CommandName.Kick } => TagWord.Powers,
        _ => null,
    };

    /// <summary>The tag an event told needs: what Part 3 adds, or what the original does differently.</summary>
    private static string? TagOf(ChatEvent e) => e switch
    {
        LeaderChanged => TagWord.Announcements,
        Answered { Answer: HistoryLines or MissedLines } => TagWord.History,
        Answered { Answer: AlreadyInRoom } or LoginRefused => TagWord.Differs,
        _ => null,
    };

    private static void Add(Dictionary<MarbleLane, List<string?>> received, MarbleLane lane, string? line)
    {
        if (!received.TryGetValue(lane, out var lines)) received[lane] = lines = [];
        lines.Add(line);
    }

    private void Fold(LogEntry entry) => _state = Chat.Step(_state, entry).State;

    private long Desired(DateTimeOffset time) => Math.Max(0, (time.ToUniversalTime() - Start).Ticks / Frame.Ticks);

    private DateTimeOffset At(long column) => Start + Frame * column;

    private static long Second(DateTimeOffset time) => time.UtcTicks / TimeSpan.TicksPerSecond;

    private static NotExportableException Unexportable(LogEntry entry, string why) => new($"position {entry.Position}: {why}");
}


/// <summary>
/// The tag words of marbles/README.md ("Tags") an exported scenario may need. The server does
/// not build on the scenario library (a published server is the server and the protocol alone),
/// so the words the README defines are repeated here, and the export tests read them back with its parser.
/// </summary>
internal static class TagWord
{
    public const string Differs = "differs";
    public const string Announcements = "announcements";
    public const string History = "history";
    public const string Commands = "commands";
    public const string Powers = "powers";
}
