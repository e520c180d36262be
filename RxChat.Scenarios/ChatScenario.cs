
namespace RxChat.Scenarios;

/// <summary>
/// One chat scenario read from a <c>marbles/*.marble</c> file: who connects when, what each
/// client types, and what each must receive, on a virtual clock that starts at <see cref="Start"/>
/// and moves <see cref="Frame"/> per diagram column.
/// </summary>
/// <param name="File">Where it was read from, for messages.</param>
/// <param name="Header">The plain-words statement of the rule the scenario shows.</param>
/// <param name="Start">The server clock (UTC) at frame 0.</param>
/// <param name="Frame">How much time one diagram column stands for.</param>
/// <param name="LoginTimeout">The server's login timeout, if the scenario sets one.</param>
/// <param name="Flood">The server's flood limits, if the scenario sets them.</param>
/// <param name="Clients">In the order the file names them; at equal frames, earlier clients act first.</param>
public sealed record ChatScenario(
    string File,
    string Header,
    DateTimeOffset Start,
    TimeSpan Frame,
    TimeSpan? LoginTimeout,
    ScenarioFlood? Flood,
    IReadOnlyList<ScenarioClient> Clients,
    IReadOnlyDictionary<char, string> Legend)
{
    /// <summary>The server's idle timeout for logged-in connections, if the scenario sets one (<c>idle-timeout 5s</c>).</summary>
    public TimeSpan? IdleTimeout { get; init; }

    /// <summary>How long a user removed by the leader may not join that room again, if the scenario says (<c>kick-for 60s</c>): a wait in real time, so played on virtual time only.</summary>
    public TimeSpan? KickFor { get; init; }

    /// <summary>
    /// The nodes sharing one log, when the scenario draws them (<c>node n1 ^---#--</c>); empty
    /// for the usual one server, started at frame 0 and never stopped. At equal frames, nodes
    /// act before clients.
    /// </summary>
    public IReadOnlyList<ScenarioNode> Nodes { get; init; } = [];

    /// <summary>The cluster's heartbeat and node timeout, if the scenario sets them.</summary>
    public TimeSpan? Heartbeat { get; init; }

    public TimeSpan? NodeTimeout { get; init; }

    /// <summary>The last column any lane draws: with nodes (which heartbeat forever) the play stops there.</summary>
    public long LastFrame { get; init; }

    /// <summary>
    /// What a server needs beyond PROTOCOL.md's Part 1 to play this scenario, or where the
    /// original server differs on purpose: the file's <c>tags</c> line, plus <c>nodes</c> when it
    /// draws node lanes and <c>settings</c> when it sets a timer or limit. Empty: any Part 1 server must pass it.
    /// </summary>
    public IReadOnlySet<string> Tags { get; init; } = new SortedSet<string>(StringComparer.Ordinal);

    /// <summary>The server clock at <paramref name="frame"/>.</summary>
    public DateTimeOffset ClockAt(long frame) => Start + Frame * frame;
}

/// <summary>The flood limits a scenario sets (<c>flood 1/s burst 3</c>).</summary>
public sealed record ScenarioFlood(int LinesPerSecond, int BurstLines);

/// <summary>A node of the cluster: when it starts, dies (killed, no goodbye) or stops (says goodbye).</summary>
public sealed record ScenarioNode(string Name, IReadOnlyList<NodeAction> Actions);

public enum NodeActionKind
{
    /// <summary><c>^</c>: the node starts (again): it catches up with the log and appends its start.</summary>
    Start,

    /// <summary><c>#</c>: the node's process dies: it appends nothing more and tells nobody.</summary>
    Die,

    /// <summary><c>|</c>: the node stops: its users are told and hung up, the others hear they left.</summary>
    Stop,
}

public readonly record struct NodeAction(long Frame, NodeActionKind Kind);

/// <summary>One client: when it connects, what it does, and what it must receive; <see cref="Node"/> is the node it connects to (<c>alice@n1</c>), if the scenario has nodes.</summary>
public sealed record ScenarioClient(
    string Name,
    long ConnectFrame,
    IReadOnlyList<ClientAction> Sends,
    IReadOnlyList<Reception> Expected)
{
    public string? Node { get; init; }
}

/// <summary>What a client does at a frame: type a line, close its connection, or lose it to a fault.</summary>
public enum ActionKind
{
    Line,
    Close,
    Fault,
}

/// <summary>A client's action at <see cref="Frame"/>; <see cref="Text"/> is the typed line.</summary>
public readonly record struct ClientAction(long Frame, ActionKind Kind, string Text = "");

/// <summary>
/// A line a client receives at a frame, or (with <see cref="Line"/> null) the server closing its
/// connection.
/// </summary>
public readonly record struct Reception(long Frame, string? Line)
{
    public bool IsHangup => Line is null;

    public override string ToString() => Line ?? "(the server closes the connection)";
}

/// <summary>What a client actually received, at an exact virtual tick (not rounded to frames, so a
/// line that arrives between frames can never pass for an expected one).</summary>
public readonly record struct Heard(long Tick, string? Line);
