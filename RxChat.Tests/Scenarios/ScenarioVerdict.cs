using System.Globalization;
using System.Text;
using RxChat.Tests.Testing.Marbles;

namespace RxChat.Tests.Scenarios;

/// <summary>
/// The comparison of a played scenario with its diagram: passed when every client received
/// exactly its expected lines, in order, each at its column. <see cref="Report"/> draws each
/// differing client's expected and actual lanes and lists their lines side by side.
/// </summary>
public sealed class ScenarioVerdict
{
    private ScenarioVerdict(IReadOnlyList<string> failedClients, string report)
    {
        FailedClients = failedClients;
        Report = report;
    }

    /// <summary>True when every lane played out as drawn.</summary>
    public bool Passed => FailedClients.Count == 0;

    /// <summary>Clients whose receptions differ from their lane.</summary>
    public IReadOnlyList<string> FailedClients { get; }

    /// <summary>Empty when passed; otherwise the explanation to print.</summary>
    public string Report { get; }

    public static ScenarioVerdict Check(ChatScenario scenario, IReadOnlyDictionary<string, IReadOnlyList<Heard>> actual)
    {
        var frameTicks = scenario.Frame.Ticks;
        var failed = new List<string>();
        var report = new StringBuilder()
            .AppendLine($"{scenario.File} does not play out as drawn.")
            .AppendLine($"1 column = {Describe(scenario.Frame)}; column 0 = {scenario.Start:yyyy-MM-dd HH:mm:ss} UTC.")
            .AppendLine();

        foreach (var client in scenario.Clients)
        {
            var expected = client.Expected.Select(r => new Heard(r.Frame * frameTicks, r.Line)).ToList();
            var got = actual.TryGetValue(client.Name, out var heard) ? heard : [];
            if (expected.SequenceEqual(got))
            {
                report.AppendLine($"{client.Name} receives: as drawn.");
                continue;
            }
            failed.Add(client.Name);
            DescribeClient(report, scenario, client.Name, expected, got);
        }

        return new ScenarioVerdict(failed, failed.Count == 0 ? "" : report.ToString());
    }

    private static void DescribeClient(StringBuilder report, ChatScenario scenario, string name, List<Heard> expected, IReadOnlyList<Heard> actual)
    {
        var symbols = new MarbleValues<string>(scenario.Legend);
        var expectedLane = Draw(expected, scenario.Frame.Ticks, symbols) ?? "(cannot be drawn)";
        var actualLane = Draw(actual, scenario.Frame.Ticks, symbols) ?? "(some lines arrived between columns; see below)";
        var label = $"{name} receives";

        report.AppendLine($"{label}:")
            .AppendLine($"  expected  {expectedLane}")
            .AppendLine($"  actual    {actualLane}");
        var column = Enumerable.Range(0, Math.Max(expectedLane.Length, actualLane.Length))
            .FirstOrDefault(i => i >= expectedLane.Length || i >= actualLane.Length || expectedLane[i] != actualLane[i], -1);
        if (column >= 0) report.AppendLine($"            {new string(' ', column)}^ first difference");
        foreach (var (symbol, text) in symbols.Invented)
        {
            report.AppendLine($"  where {symbol} = {text}   (not in the file's 'where' list)");
        }

        var rows = SideBySide(expected, actual).ToList();
        var width = Math.Max("expected".Length, rows.Max(r => Text(r.Expected).Length));
        report.AppendLine()
            .AppendLine($"  {"column",6}  {"clock",-8}  {"expected".PadRight(width)} | actual");
        foreach (var (tick, left, right) in rows)
        {
            var mark = left == right ? "" : "   <-- differs";
            report.AppendLine($"  {Column(tick, scenario.Frame.Ticks),6}  {scenario.Start.AddTicks(tick):HH:mm:ss}  {Text(left).PadRight(width)} | {Text(right)}{mark}");
        }
        report.AppendLine();
    }

    /// <summary>Pairs expected and actual lines that happen at the same tick; a line with no
    /// partner at its tick gets a row of its own.</summary>
    private static IEnumerable<(long Tick, Heard? Expected, Heard? Actual)> SideBySide(IReadOnlyList<Heard> expected, IReadOnlyList<Heard> actual)
    {
        int e = 0, a = 0;
        while (e < expected.Count || a < actual.Count)
        {
            if (a == actual.Count || (e < expected.Count && expected[e].Tick < actual[a].Tick))
            {
                yield return (expected[e].Tick, expected[e++], null);
            }
            else if (e == expected.Count || actual[a].Tick < expected[e].Tick)
            {
                yield return (actual[a].Tick, null, actual[a++]);
            }
            else
            {
                yield return (expected[e].Tick, expected[e++], actual[a++]);
            }
        }
    }

    private static string Text(Heard? heard) => heard switch
    {
        null => "",
        { Line: null } => "(connection closed by the server)",
        { Line: var line } => line,
    };

    private static string Column(long tick, long frameTicks) =>
        tick % frameTicks == 0
            ? (tick / frameTicks).ToString(CultureInfo.InvariantCulture)
            : $"{tick / frameTicks}+{tick % frameTicks}t";

    private static string? Draw(IEnumerable<Heard> heard, long frameTicks, MarbleValues<string> symbols)
    {
        var items = new List<(long, char)>();
        foreach (var h in heard)
        {
            if (h.Tick % frameTicks != 0) return null;
            items.Add((h.Tick / frameTicks, h.Line is null ? '|' : symbols.SymbolOf(h.Line)));
        }
        return MarbleRenderer.Render(items);
    }

    private static string Describe(TimeSpan frame) =>
        frame.TotalMinutes >= 1 && frame.Seconds == 0 && frame.Milliseconds == 0 ? $"{frame.TotalMinutes:0}m"
        : frame.TotalSeconds >= 1 && frame.Milliseconds == 0 ? $"{frame.TotalSeconds:0}s"
        : $"{frame.TotalMilliseconds:0}ms";
}
