using System.Globalization;
using System.Text;
using RxChat.Server.Core;

namespace RxChat.Server.Export;

/// <summary>
/// Writes a <see cref="MarbleDrawing"/> as a <c>.marble</c> file (marbles/README.md): the header
/// saying where it came from, the clock, the lanes lined up, and one <c>where</c> list naming each
/// distinct line once — lower-case letters first for what is typed, capitals and digits for what
/// is received, the rest when those run out.
/// </summary>
internal static class MarbleText
{
    private const string TypedKeys = "abcdefghijklmnopqrstuvwxyz";
    private const string ReceivedKeys = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

    /// <summary>A run of this many idle frames or more is written <c>-{n}</c>, so a long quiet spell stays one short word.</summary>
    private const int LongGap = 12;

    public static string Write(ExportPlan plan, MarbleDrawing drawing, ExportSettings settings)
    {
        var keys = new Keys();
        var lanes = new List<(string Label, string Diagram)>();
        long last = drawing.LastColumn;
        if (plan.NodeLanes)
            foreach (var node in plan.Nodes) lanes.Add(($"node {node}", NodeLane(drawing.NodeActions[node], last)));
        foreach (var lane in drawing.Lanes)
        {
            var who = plan.NodeLanes ? $"{lane.Name}@{lane.Id.Node}" : lane.Name;
            lanes.Add(($"{who} sends", Compress(SendsLane(lane, keys))));
            lanes.Add(($"{lane.Name} receives", Compress(ReceivesLane(lane, keys))));
        }

        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"# An incident, exported from the log: positions {settings.From} to {settings.To} of {settings.Source}.");
        text.AppendLine("#");
        text.AppendLine("# One person per connection seen; what each typed is drawn at the time the log stamped it,");
        text.AppendLine("# and what each receives is what the rules decide, rendered as the text protocol in UTC.");
        if (plan.Prelude.Count > 0)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"# Already there at position {settings.From}: {string.Join(", ", drawing.Lanes.Take(plan.Prelude.Count).Select(l => l.Name))}.");
            text.AppendLine("# They connect, log in and join their rooms first, in the order they first connected, so the");
            text.AppendLine("# same people lead the same rooms; history, topics and kicks from before start afresh.");
        }
        if (drawing.Moved > 0)
            text.AppendLine(CultureInfo.InvariantCulture, $"# {drawing.Moved} line(s) came closer together than one frame and are drawn a little later than stamped.");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"start {drawing.Start:yyyy-MM-dd HH:mm:ss}");
        text.AppendLine(CultureInfo.InvariantCulture, $"frame {Duration(drawing.Frame)}");
        if (drawing.Tags.Count > 0) text.AppendLine(CultureInfo.InvariantCulture, $"tags {string.Join(' ', drawing.Tags)}");
        if (settings.LoginTimeout is { } login) text.AppendLine(CultureInfo.InvariantCulture, $"login-timeout {Duration(login)}");
        if (settings.IdleTimeout > TimeSpan.Zero) text.AppendLine(CultureInfo.InvariantCulture, $"idle-timeout {Duration(settings.IdleTimeout)}");
        if (settings.Rules.KickFor != ChatRules.Default.KickFor) text.AppendLine(CultureInfo.InvariantCulture, $"kick-for {Duration(settings.Rules.KickFor)}");
        if (plan.NodeLanes && settings.Rules.HeartbeatEvery != ChatRules.Default.HeartbeatEvery)
            text.AppendLine(CultureInfo.InvariantCulture, $"heartbeat {Duration(settings.Rules.HeartbeatEvery)}");
        if (plan.NodeLanes && settings.Rules.NodeTimeout != ChatRules.Default.NodeTimeout)
            text.AppendLine(CultureInfo.InvariantCulture, $"node-timeout {Duration(settings.Rules.NodeTimeout)}");
        text.AppendLine();
        var width = lanes.Max(l => l.Label.Length) + 2;
        foreach (var (label, diagram) in lanes) text.Append(label.PadRight(width)).AppendLine(diagram);
        text.AppendLine();
        text.AppendLine("where");
        foreach (var (key, line) in keys.All) text.AppendLine(CultureInfo.InvariantCulture, $"  {key} = {line}");
        return text.ToString();
    }

    private static string NodeLane(List<(long Column, char Symbol)> actions, long last)
    {
        var lane = new char[last + 1];
        Array.Fill(lane, '-');
        foreach (var (column, symbol) in actions) lane[column] = symbol;
        return new string(lane);
    }

    private static string SendsLane(MarbleLane lane, Keys keys)
    {
        var text = new StringBuilder();
        foreach (var (column, symbol, line) in lane.Sends)
        {
            text.Append('-', (int)(column - text.Length));
            text.Append(symbol ?? keys.For(line!, typed: true));
        }
        return text.ToString();
    }

    private static string ReceivesLane(MarbleLane lane, Keys keys)
    {
        var text = new StringBuilder();
        foreach (var (column, lines) in lane.Receives)
        {
            text.Append('-', (int)(column - text.Length));
            var symbols = lines.Select(line => line is null ? '|' : keys.For(line, typed: false)).ToArray();
            if (symbols.Length == 1) text.Append(symbols[0]);
            else text.Append('(').Append(symbols).Append(')');
        }
        return text.Length == 0 ? "-" : text.ToString();
    }

    /// <summary>Long runs of <c>-</c> as <c>-{n}</c>: the same frames, in fewer characters.</summary>
    private static string Compress(string lane)
    {
        var text = new StringBuilder();
        for (int i = 0; i < lane.Length;)
        {
            int run = 0;
            while (i + run < lane.Length && lane[i + run] == '-') run++;
            if (run >= LongGap) text.Append(CultureInfo.InvariantCulture, $"-{{{run}}}");
            else if (run > 0) text.Append('-', run);
            else text.Append(lane[i]);
            i += Math.Max(run, 1);
        }
        return text.ToString();
    }

    private static string Duration(TimeSpan span) =>
        span.Ticks % TimeSpan.TicksPerSecond == 0
            ? string.Create(CultureInfo.InvariantCulture, $"{span.Ticks / TimeSpan.TicksPerSecond}s")
            : string.Create(CultureInfo.InvariantCulture, $"{(long)span.TotalMilliseconds}ms");

    /// <summary>One key per distinct line, shared by every lane.</summary>
    private sealed class Keys
    {
        private readonly Dictionary<string, char> _byLine = new(StringComparer.Ordinal);

        public List<(char Key, string Line)> All { get; } = [];

        public char For(string line, bool typed)
        {
            if (_byLine.TryGetValue(line, out var known)) return known;
            if (line.Length == 0 || line.Trim() != line || line.Contains('\n', StringComparison.Ordinal))
                throw new NotExportableException($"the line \"{line}\" has spaces at an end (or is empty), which a marble's where list cannot keep");
            var key = (typed ? TypedKeys + ReceivedKeys : ReceivedKeys + TypedKeys).FirstOrDefault(k => !_byLine.ContainsValue(k));
            if (key == default)
                throw new NotExportableException($"the segment has more than {TypedKeys.Length + ReceivedKeys.Length} different lines, and a marble names each with one letter or digit; export a shorter range (--from, --to)");
            _byLine[line] = key;
            All.Add((key, line));
            return key;
        }
    }
}
