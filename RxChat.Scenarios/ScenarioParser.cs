using System.Globalization;
using System.Text.RegularExpressions;
using RxChat.Scenarios.Marbles;

namespace RxChat.Scenarios;

/// <summary>
/// Reads the scenario format (explained for readers in the README's "Reading a marble diagram"):
/// <code>
/// # What the scenario shows, in plain words (required header).
/// start 2026-11-23 12:00:00
/// frame 1s
///
/// alice sends     ^a-j----
/// alice receives  -W-Y----
///
/// where
///   a = alice
///   W = Welcome to the chat server!
/// </code>
/// Lane diagrams use the single-stream marble syntax; every lane starts in the same text column,
/// so one column is one frame for every client. Several nodes sharing one log are drawn as
/// node lanes, and each client names its node:
/// <code>
/// node n1          ^-----------------
/// node n2          ^-------#-----^---
/// alice@n1 sends   ^a-j--------------
/// </code>
/// </summary>
public static partial class ScenarioParser
{
    /// <summary>Reads and checks the file at <paramref name="path"/>; <paramref name="displayName"/> names it in errors.</summary>
    public static ChatScenario Load(string path, string? displayName = null) =>
        Parse(File.ReadAllText(path), displayName ?? path);

    /// <exception cref="ScenarioFormatException">With the file, line and column of the first problem.</exception>
    public static ChatScenario Parse(string text, string file)
    {
        var reader = new Reader(file);
        var lines = text.Replace("\r\n", "\n").Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            reader.ReadLine(i + 1, lines[i]);
        }
        return reader.Finish();
    }

    [GeneratedRegex(@"^(?<name>[A-Za-z][A-Za-z0-9_-]*)(@(?<node>[A-Za-z0-9][A-Za-z0-9_-]*))?$")]
    private static partial Regex ClientName();

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9_-]*$")]
    private static partial Regex NodeName();

    [GeneratedRegex(@"^([1-9]\d{0,5})/s burst ([1-9]\d{0,5})$")]
    private static partial Regex FloodSetting();

    [GeneratedRegex(@"^[a-z][a-z0-9-]*$")]
    private static partial Regex TagWord();

    [GeneratedRegex(@"^(\d+)(ms|s|m)$")]
    private static partial Regex Duration();

    /// <summary>The state of one pass over a file.</summary>
    private sealed class Reader(string file)
    {
        private readonly List<string> _header = new();
        private bool _headerDone;
        private int _firstSettingLine = 1;
        private DateTimeOffset? _start;
        private TimeSpan? _frame;
        private TimeSpan? _loginTimeout;
        private TimeSpan? _idleTimeout;
        private TimeSpan? _kickFor;
        private ScenarioFlood? _flood;
        private int? _laneColumn;
        private bool _inLegend;
        private readonly Dictionary<char, string> _legend = new();
        private readonly List<string> _clientOrder = new();
        private readonly Dictionary<string, Lane> _sends = new();
        private readonly Dictionary<string, Lane> _receives = new();
        private readonly Dictionary<string, (string? Node, int Line)> _clientNodes = new();
        private readonly List<(ScenarioNode Node, int Line, int Column)> _nodes = new();
        private TimeSpan? _heartbeat;
        private TimeSpan? _nodeTimeout;
        private long _lastFrame;
        private int? _tagsLine;
        private readonly SortedSet<string> _tags = new(StringComparer.Ordinal);

        private sealed record Lane(int Line, int Column, IReadOnlyList<MarbleEvent> Events, long? ConnectFrame);

        public void ReadLine(int number, string line)
        {
            var trimmed = line.Trim();
            if (trimmed.StartsWith('#'))
            {
                if (!_headerDone) _header.Add(trimmed.TrimStart('#').Trim());
                return;
            }
            if (trimmed.Length == 0)
            {
                return;
            }
            if (!_headerDone) _firstSettingLine = number;
            _headerDone = true;
            var indent = line.Length - line.TrimStart().Length;

            if (_inLegend)
            {
                ReadLegendEntry(number, line, indent);
                return;
            }

            var (word, rest, restColumn) = SplitWord(line, indent);
            switch (word)
            {
                case "start":
                    if (!DateTimeOffset.TryParseExact(rest, "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture,
                            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var start))
                    {
                        throw Error(number, restColumn, $"expected the start time as YYYY-MM-DD HH:MM:SS (UTC), found \"{rest}\"");
                    }
                    _start = start;
                    break;
                case "frame":
                    _frame = ReadDuration(number, rest, restColumn, "frame");
                    break;
                case "login-timeout":
                    _loginTimeout = ReadDuration(number, rest, restColumn, "login-timeout");
                    break;
                case "idle-timeout":
                    _idleTimeout = ReadDuration(number, rest, restColumn, "idle-timeout");
                    break;
                case "kick-for":
                    _kickFor = ReadDuration(number, rest, restColumn, "kick-for");
                    break;
                case "flood":
                    var flood = FloodSetting().Match(rest);
                    if (!flood.Success)
                    {
                        throw Error(number, restColumn, $"expected 'flood <lines>/s burst <lines>', e.g. 'flood 1/s burst 3', found \"{rest}\"");
                    }
                    _flood = new ScenarioFlood(
                        LinesPerSecond: int.Parse(flood.Groups[1].Value, CultureInfo.InvariantCulture),
                        BurstLines: int.Parse(flood.Groups[2].Value, CultureInfo.InvariantCulture));
                    break;
                case "heartbeat":
                    _heartbeat = ReadDuration(number, rest, restColumn, "heartbeat");
                    break;
                case "node-timeout":
                    _nodeTimeout = ReadDuration(number, rest, restColumn, "node-timeout");
                    break;
                case "node":
                    ReadNodeLane(number, line, rest, restColumn);
                    break;
                case "tags":
                    ReadTags(number, rest, restColumn);
                    break;
                case "where":
                    if (rest.Length > 0) throw Error(number, restColumn, "nothing may follow 'where' on its line; list one 'key = line' per line below it");
                    _inLegend = true;
                    break;
                default:
                    ReadLane(number, line, indent, word, rest, restColumn);
                    break;
            }
        }

        /// <summary>
        /// <c>tags history announcements</c>: what a server needs beyond Part 1 of PROTOCOL.md,
        /// or where the original differs on purpose. <c>nodes</c> and <c>settings</c> are not
        /// written: the node lanes and timer settings say so themselves.
        /// </summary>
        private void ReadTags(int number, string rest, int restColumn)
        {
            if (_tagsLine is { } earlier) throw Error(number, 1, $"a second 'tags' line (the first is line {earlier}); put every tag on one line");
            _tagsLine = number;
            if (rest.Length == 0) throw Error(number, restColumn, "expected tags after 'tags', e.g. 'tags history announcements'");
            var column = restColumn;
            foreach (var word in rest.Split(' '))
            {
                if (word.Length == 0) { column++; continue; }
                if (!TagWord().IsMatch(word))
                {
                    throw Error(number, column, $"a tag is a lower-case word (letters, digits, '-'), found \"{word}\"");
                }
                if (word is ScenarioTags.Nodes or ScenarioTags.Settings)
                {
                    throw Error(number, column, $"'{word}' is not written: the scenario's {(word == ScenarioTags.Nodes ? "node lanes" : "timer and flood settings")} give it");
                }
                if (!_tags.Add(word)) throw Error(number, column, $"'{word}' is tagged twice");
                column += word.Length + 1;
            }
        }

        private TimeSpan ReadDuration(int number, string text, int column, string what)
        {
            var match = Duration().Match(text);
            if (!match.Success || long.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) == 0)
            {
                throw Error(number, column, $"expected a duration after '{what}' such as 1s, 500ms or 2m, found \"{text}\"");
            }
            var amount = long.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
            return match.Groups[2].Value switch
            {
                "ms" => TimeSpan.FromMilliseconds(amount),
                "s" => TimeSpan.FromSeconds(amount),
                _ => TimeSpan.FromMinutes(amount),
            };
        }

        /// <summary><c>node n1 ^----#--^--</c>: when a node starts (<c>^</c>), dies (<c>#</c>) or stops (<c>|</c>).</summary>
        private void ReadNodeLane(int number, string line, string rest, int restColumn)
        {
            var (name, diagram, diagramColumn) = SplitWord(line, restColumn - 1);
            if (!NodeName().IsMatch(name))
            {
                throw Error(number, restColumn, $"expected a node name after 'node' (letters, digits, '_' or '-'), found \"{name}\"");
            }
            if (_nodes.Any(n => n.Node.Name == name)) throw Error(number, restColumn, $"node {name} has two lanes; draw its starts and stops in one");
            if (diagram.Length == 0) throw Error(number, line.TrimEnd().Length + 2, $"expected a diagram after \"node {name}\", e.g. ^----#---");
            CheckLaneColumn(number, diagramColumn);

            var actions = new List<NodeAction>();
            bool running = false;
            for (int frame = 0; frame < diagram.Length; frame++)
            {
                var symbol = diagram[frame];
                if (symbol == '-') continue;
                var kind = symbol switch
                {
                    '^' => NodeActionKind.Start,
                    '#' => NodeActionKind.Die,
                    '|' => NodeActionKind.Stop,
                    _ => throw Error(number, diagramColumn + frame, $"a node lane has '^' (the node starts), '#' (it dies), '|' (it stops) and '-', found '{symbol}'"),
                };
                if ((kind == NodeActionKind.Start) == running)
                {
                    throw Error(number, diagramColumn + frame, running
                        ? $"node {name} starts while it is running; draw '#' or '|' first"
                        : $"node {name} is not running here; draw '^' where it starts");
                }
                running = kind == NodeActionKind.Start;
                actions.Add(new NodeAction(frame, kind));
            }
            if (actions.Count == 0) throw Error(number, diagramColumn, $"node {name} never starts; put '^' where it starts");
            _lastFrame = Math.Max(_lastFrame, diagram.Length - 1);
            _nodes.Add((new ScenarioNode(name, actions), number, diagramColumn));
        }

        private void CheckLaneColumn(int number, int diagramColumn)
        {
            _laneColumn ??= diagramColumn;
            if (diagramColumn != _laneColumn)
            {
                throw Error(number, diagramColumn, $"this diagram starts at column {diagramColumn}, the lanes above start at column {_laneColumn}; lanes must line up so that one column is one moment for everyone");
            }
        }

        private void ReadLane(int number, string line, int indent, string laneName, string rest, int restColumn)
        {
            var client = ClientName().Match(laneName);
            if (!client.Success)
            {
                throw Error(number, indent + 1, $"expected 'start', 'frame', 'tags', 'login-timeout', 'idle-timeout', 'kick-for', 'flood', 'heartbeat', 'node-timeout', 'node', 'where' or a client name (a letter, then letters, digits, '_' or '-'; '@node' after it names its node), found \"{laneName}\"");
            }
            var name = client.Groups["name"].Value;
            string? node = client.Groups["node"].Success ? client.Groups["node"].Value : null;
            // The node is named where the client connects ("alice@n1 sends"); its receives lane may repeat it.
            if (_clientNodes.TryGetValue(name, out var seen) && seen.Node is not null && node is not null && seen.Node != node)
            {
                throw Error(number, indent + 1, $"\"{laneName}\" is on node {node}, but its other lane (line {seen.Line}) is on node {seen.Node}; a client is on one node");
            }
            if (node is not null || !_clientNodes.ContainsKey(name)) _clientNodes[name] = (node, number);
            var (direction, diagram, diagramColumn) = SplitWord(line, restColumn - 1);
            if (direction is not ("sends" or "receives"))
            {
                throw Error(number, restColumn, $"expected 'sends' or 'receives' after the client name \"{name}\", found \"{direction}\"");
            }
            if (diagram.Length == 0)
            {
                throw Error(number, line.TrimEnd().Length + 2, $"expected a diagram after \"{name} {direction}\"");
            }
            CheckLaneColumn(number, diagramColumn);
            var space = diagram.IndexOf(' ');
            if (space >= 0)
            {
                throw Error(number, diagramColumn + space, "a space inside a lane; write '-' for time passing so the columns stay aligned");
            }

            var sends = direction == "sends";
            var lanes = sends ? _sends : _receives;
            if (lanes.ContainsKey(name))
            {
                throw Error(number, indent + 1, $"\"{name} {direction}\" appears twice; each client has one sends lane and one receives lane");
            }
            if (!_clientOrder.Contains(name)) _clientOrder.Add(name);

            IReadOnlyList<MarbleEvent> events;
            long? connect;
            try
            {
                (events, connect) = StreamMarbleParser.Read(diagram, allowSubscriptionPoint: sends);
            }
            catch (MarbleSyntaxException bad)
            {
                var problem = sends ? bad.Problem : bad.Problem.Replace("a cold stream always starts at its subscription", "a receives lane shows only what arrives; '^' (connect) belongs in the sends lane");
                throw Error(number, diagramColumn + bad.Column - 1, problem);
            }

            if (sends)
            {
                if (connect is null) throw Error(number, diagramColumn, $"{name} never connects; put '^' in the sends lane where {name} connects");
                var early = events.FirstOrDefault(e => e.Frame < connect);
                if (events.Any(e => e.Frame < connect))
                {
                    throw Error(number, diagramColumn + early.Column - 1, $"{name} acts before connecting (the '^' is at column {diagramColumn + connect})");
                }
            }
            else if (events.FirstOrDefault(e => e.Kind == MarbleKind.Error) is { Symbol: '#' } fault)
            {
                throw Error(number, diagramColumn + fault.Column - 1, "'#' has no meaning in a receives lane; '|' marks the server closing the connection");
            }
            _lastFrame = Math.Max(_lastFrame, diagram.Length - 1);
            lanes[name] = new Lane(number, diagramColumn, events, connect);
        }



        private void ReadLegendEntry(int number, string line, int indent)
        {
            var key = line[indent];
            if (!char.IsAsciiLetterOrDigit(key))
            {
                throw Error(number, indent + 1, $"expected 'key = line' with a letter or digit as key, found '{key}'");
            }
            var equals = line.IndexOf('=', indent + 1);
            if (equals < 0 || line[(indent + 1)..equals].Trim().Length != 0)
            {
                throw Error(number, indent + 2, $"expected ' = ' right after the key '{key}', then the line exactly as typed or received");
            }
            if (_legend.ContainsKey(key))
            {
                throw Error(number, indent + 1, $"'{key}' is defined twice under 'where'");
            }
            var value = line[(equals + 1)..].Trim();
            if (value.Length == 0)
            {
                throw Error(number, equals + 2, $"'{key}' stands for an empty line; a blank line is never sent or received");
            }
            _legend[key] = value;
        }

        public ChatScenario Finish()
        {
            var end = _firstSettingLine;
            if (_header.All(h => h.Length == 0))
            {
                throw Error(1, 1, "expected '#' comment lines first, saying in plain words what rule the scenario shows");
            }
            if (_start is null) throw Error(end, 1, "missing 'start YYYY-MM-DD HH:MM:SS' after the header: the server clock at the first column");
            if (_frame is null) throw Error(end, 1, "missing 'frame <duration>' (e.g. 'frame 1s') after the header: how long one column lasts");
            if (_clientOrder.Count == 0) throw Error(end, 1, "no lanes: expected at least one 'name sends …' and 'name receives …'");

            var clients = new List<ScenarioClient>();
            foreach (var name in _clientOrder)
            {
                if (!_sends.TryGetValue(name, out var sends))
                {
                    throw Error(_receives[name].Line, 1, $"{name} has a receives lane but no sends lane; add \"{name} sends\" with '^' where {name} connects");
                }
                if (!_receives.TryGetValue(name, out var receives))
                {
                    throw Error(sends.Line, 1, $"{name} has a sends lane but no receives lane; add \"{name} receives\" (all '-' if {name} must receive nothing)");
                }
                var actions = sends.Events.Select(e => e.Kind switch
                {
                    MarbleKind.Next => new ClientAction(e.Frame, ActionKind.Line, Text(sends, e)),
                    MarbleKind.Completed => new ClientAction(e.Frame, ActionKind.Close),
                    _ => new ClientAction(e.Frame, ActionKind.Fault),
                }).ToList();
                var expected = receives.Events.Select(e => new Reception(e.Frame, e.Kind == MarbleKind.Next ? Text(receives, e) : null)).ToList();
                var node = _clientNodes[name].Node;
                CheckNode(name, node, sends, actions);
                clients.Add(new ScenarioClient(name, sends.ConnectFrame!.Value, actions, expected) { Node = node });
            }
            return new ChatScenario(file, string.Join(Environment.NewLine, _header).Trim(), _start.Value, _frame.Value, _loginTimeout, _flood, clients, _legend)
            {
                IdleTimeout = _idleTimeout,
                KickFor = _kickFor,
                Nodes = [.. _nodes.Select(n => n.Node)],
                Heartbeat = _heartbeat,
                NodeTimeout = _nodeTimeout,
                LastFrame = _lastFrame,
                Tags = AllTags(),
            };
        }

        /// <summary>The written tags, and those the scenario's own lines imply.</summary>
        private SortedSet<string> AllTags()
        {
            var tags = new SortedSet<string>(_tags, StringComparer.Ordinal);
            if (_nodes.Count > 0) tags.Add(ScenarioTags.Nodes);
            if (_loginTimeout is not null || _idleTimeout is not null || _kickFor is not null || _flood is not null || _heartbeat is not null || _nodeTimeout is not null)
            {
                tags.Add(ScenarioTags.Settings);
            }
            return tags;
        }

        /// <summary>With node lanes, a client names a drawn node and acts only while it runs; without them, no client names one.</summary>
        private void CheckNode(string name, string? node, Lane sends, IReadOnlyList<ClientAction> actions)
        {
            if (_nodes.Count == 0)
            {
                if (node is not null) throw Error(sends.Line, 1, $"{name} is on node {node}, but no node is drawn; add a lane 'node {node}  ^---…' where it starts");
                return;
            }
            if (node is null) throw Error(sends.Line, 1, $"this scenario draws nodes: say which one {name} connects to, e.g. \"{name}@{_nodes[0].Node.Name} sends\"");
            var drawn = _nodes.FirstOrDefault(n => n.Node.Name == node);
            if (drawn.Node is null) throw Error(sends.Line, 1, $"{name} is on node {node}, which has no lane; add 'node {node}  ^---…'");
            foreach (var frame in actions.Select(a => a.Frame).Prepend(sends.ConnectFrame!.Value))
            {
                if (!IsRunning(drawn.Node, frame))
                {
                    throw Error(sends.Line, sends.Column + (int)frame, $"{name} acts at column {frame}, when node {node} is not running");
                }
            }
        }

        /// <summary>Whether the node runs at <paramref name="frame"/>, once its own action at that frame (if any) is done: nodes act first.</summary>
        private static bool IsRunning(ScenarioNode node, long frame) =>
            node.Actions.Where(a => a.Frame <= frame).Select(a => (NodeActionKind?)a.Kind).LastOrDefault() == NodeActionKind.Start;

        private string Text(Lane lane, MarbleEvent e) =>
            _legend.TryGetValue(e.Symbol, out var text)
                ? text
                : throw Error(lane.Line, lane.Column + e.Column - 1, $"'{e.Symbol}' is not defined under 'where'; add a line \"  {e.Symbol} = …\"");

        private static (string Word, string Remainder, int RemainderColumn) SplitWord(string line, int from)
        {
            var start = from;
            while (start < line.Length && line[start] == ' ') start++;
            var stop = start;
            while (stop < line.Length && line[stop] != ' ') stop++;
            var restStart = stop;
            while (restStart < line.Length && line[restStart] == ' ') restStart++;
            return (line[start..stop], line[restStart..].TrimEnd(), restStart + 1);
        }

        private ScenarioFormatException Error(int line, int column, string problem) => new(file, line, column, problem);
    }
}
