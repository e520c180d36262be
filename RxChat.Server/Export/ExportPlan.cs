using System.Text;
using RxChat.Server.Core;

namespace RxChat.Server.Export;

/// <summary>
/// What can be known of a segment before folding it: its nodes (and whether they need lanes),
/// the connections already there before it (the prelude), and each connection's lane name.
/// </summary>
internal sealed class ExportPlan
{
    /// <summary>Words the scenario file reads as its own at the start of a line: never a person's name.</summary>
    private static readonly HashSet<string> Reserved = ["start", "frame", "tags", "login-timeout", "idle-timeout", "kick-for",
        "flood", "heartbeat", "node-timeout", "node", "where"];

    private ExportPlan(IReadOnlyList<LogEntry> segment, IReadOnlyList<Client> prelude, IReadOnlyList<string> nodes, bool nodeLanes,
        IReadOnlyDictionary<ConnectionId, string> names)
    {
        Segment = segment;
        Prelude = prelude;
        Nodes = nodes;
        NodeLanes = nodeLanes;
        Names = names;
    }

    public IReadOnlyList<LogEntry> Segment { get; }

    /// <summary>The connections already there before the segment, in the order they connected.</summary>
    public IReadOnlyList<Client> Prelude { get; }

    /// <summary>Every node the segment or the prelude names, in order of appearance.</summary>
    public IReadOnlyList<string> Nodes { get; }

    /// <summary>Whether nodes are drawn: several of them, or one that stops or starts again.</summary>
    public bool NodeLanes { get; }

    /// <summary>Each connection's lane name: its username when it gives one, unique, and a name the file can hold.</summary>
    public IReadOnlyDictionary<ConnectionId, string> Names { get; }

    public static ExportPlan Of(IReadOnlyList<LogEntry> segment, ChatState before)
    {
        var prelude = before.Clients.Values.OrderBy(c => c.Since).ToList();
        var nodes = new List<string>();
        foreach (var node in prelude.Select(c => c.Id.Node).Concat(segment.Select(e => e.From.Node)))
            if (!nodes.Contains(node)) nodes.Add(node);
        bool stopsOrRestarts = segment.Any(e => e.Command is NodeStopping)
            || segment.Where(e => e.Command is NodeStarted).Any(start => !IsFirstStart(start, segment, prelude));
        var names = new Dictionary<ConnectionId, string>();
        var taken = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var client in prelude) names[client.Id] = Unique(client.Username, taken);
        foreach (var entry in segment.Where(e => e.Command is Connected && e.From.Number > 0 && !names.ContainsKey(e.From)))
        {
            var login = segment.FirstOrDefault(e => e.From == entry.From && e.Command is Login);
            names[entry.From] = Unique((login?.Command as Login)?.Username, taken);
        }
        return new ExportPlan(segment, prelude, nodes, nodes.Count > 1 || stopsOrRestarts, names);
    }

    /// <summary>
    /// A node's start that opens the segment for that node (nothing of it before, nobody of it
    /// already there): the replay's own start at column 0, not a restart.
    /// </summary>
    public static bool IsFirstStart(LogEntry start, IReadOnlyList<LogEntry> segment, IReadOnlyList<Client> prelude) =>
        !prelude.Any(c => c.Id.Node == start.From.Node)
        && !segment.TakeWhile(e => e != start).Any(e => e.From.Node == start.From.Node && e.Command is not NodeHeartbeat);

    /// <summary>A lane name: letters, digits, '_' and '-', starting with a letter; "guest" for a connection that never gave a name.</summary>
    private static string Unique(string? username, HashSet<string> taken)
    {
        var name = new StringBuilder();
        foreach (var c in username ?? "")
            if (char.IsAsciiLetterOrDigit(c) || c is '_' or '-') name.Append(c);
        while (name.Length > 0 && !char.IsAsciiLetter(name[0])) name.Remove(0, 1);
        var stem = name.Length == 0 ? "guest" : name.ToString();
        if (Reserved.Contains(stem)) stem += "-user";
        var unique = stem;
        for (int n = 2; !taken.Add(unique); n++) unique = $"{stem}-{n}";
        return unique;
    }
}
