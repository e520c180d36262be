using System.Globalization;
using System.Text;

namespace RxChat.Simulation;

/// <summary>
/// Draws a plan as a <c>.marble</c> scenario (marbles/README.md, "Several nodes"): a lane per
/// node, a <c>sends</c> and a <c>receives</c> lane per client, one column per second, and what
/// each client receives as the server's real rules decide it — so the marble runner, playing
/// it through the real pipeline, passes it, and rules that differ visibly fail it.
/// </summary>
/// <remarks>
/// Only client acts can be drawn (<see cref="Plan.Drawable"/>): a diagram's log never fails and
/// its clients read at once. Lines a client receives in one second are drawn as a group, which
/// is wider than one column, so the plan is first spread out with pauses until every group fits.
/// </remarks>
public static class MarbleWriter
{
    private const string Typed = "abcdefghijklmnopqrstuvwxyz";
    private const string Received = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

    /// <summary>The drawable part of <paramref name="plan"/>, spread so every group fits, on the nodes its clients use.</summary>
    public static Plan Spread(Plan plan)
    {
        plan = plan.Drawable();
        var used = plan.Acts.OfType<ClientConnects>().Select(c => c.Node).ToHashSet(StringComparer.Ordinal);
        plan = plan with { Nodes = [.. plan.Nodes.Where(used.Contains)] };
        if (plan.Nodes.Count == 0) throw new NotSupportedException("nobody connects: there is nothing to draw");
        for (int round = 0; round < 8; round++)
        {
            // A group of lines received at step s is drawn from column s to s + width - 1: the
            // client's next reception must come after it, else pauses go in after step s.
            var result = Simulator.Run(plan);
            var missing = new int[plan.Acts.Count + 1];
            foreach (var lines in result.Received.Values)
            {
                var steps = lines.GroupBy(l => l.Step).Select(g => (Step: g.Key, Width: Width(g.Count()))).ToList();
                for (int i = 0; i + 1 < steps.Count; i++)
                    missing[steps[i].Step] = Math.Max(missing[steps[i].Step], steps[i].Step + steps[i].Width - steps[i + 1].Step);
            }
            if (missing.All(m => m <= 0)) return plan;
            var acts = plan.Acts.ToList();
            for (int step = missing.Length - 1; step >= 0; step--) // from the end, so earlier steps keep their index
                if (missing[step] > 0) acts.InsertRange(step, Enumerable.Repeat<Act>(Pause.Instance, missing[step]));
            plan = plan.With(acts);
        }
        throw new InvalidOperationException("the plan's receptions never fit one group per column");
    }

    /// <summary>The marble text of <paramref name="plan"/> (spread first), with <paramref name="comment"/> as its header.</summary>
    /// <exception cref="NotSupportedException">It needs more distinct lines than a diagram has letters, or the real rules break an invariant on it.</exception>
    public static string Write(Plan plan, IReadOnlyList<string> comment)
    {
        plan = Spread(plan);
        var result = Simulator.Run(plan);
        if (result.Violation is { } broken) throw new NotSupportedException($"the real rules break an invariant on this plan ({broken})");

        var legend = new Dictionary<string, char>(StringComparer.Ordinal);
        char Key(string line, bool typed)
        {
            if (legend.TryGetValue(line, out var known)) return known;
            string pool = typed ? Typed + Received : Received + Typed;
            var free = pool.Where(c => !legend.ContainsValue(c)).ToList();
            if (free.Count == 0) throw new NotSupportedException("more distinct lines than a diagram has letters and digits");
            return legend[line] = free[0];
        }

        int columns = Math.Max(plan.Acts.Count, result.Received.Values.SelectMany(l => l).Select(l => l.Step).DefaultIfEmpty(0).Max() + 4) + 2;
        var nodeOf = plan.Acts.OfType<ClientConnects>().GroupBy(c => c.Client).ToDictionary(g => g.Key, g => g.First().Node, StringComparer.Ordinal);
        var lanes = new List<(string Label, char[] Cells)>();
        foreach (var node in plan.Nodes)
        {
            var cells = Dashes(columns);
            cells[0] = '^';
            lanes.Add(($"node {node}", cells));
        }
        foreach (var client in plan.Clients.Where(nodeOf.ContainsKey))
        {
            var sends = Dashes(columns);
            for (int i = 0; i < plan.Acts.Count; i++)
            {
                var column = i + 1;
                switch (plan.Acts[i])
                {
                    case ClientConnects c when c.Client == client: sends[column] = '^'; break;
                    case ClientTypes t when t.Client == client: sends[column] = Key(t.Line, typed: true); break;
                    case ClientCloses c when c.Client == client: sends[column] = '|'; break;
                    case ClientVanishes v when v.Client == client: sends[column] = '#'; break;
                }
            }
            var receives = Dashes(columns);
            foreach (var group in result.Received.GetValueOrDefault(client, []).GroupBy(l => l.Step))
            {
                var keys = group.Select(l => l.Line is null ? '|' : Key(l.Line, typed: false)).ToList();
                if (keys.Count == 1) receives[group.Key] = keys[0];
                else
                {
                    receives[group.Key] = '(';
                    for (int k = 0; k < keys.Count; k++) receives[group.Key + 1 + k] = keys[k];
                    receives[group.Key + 1 + keys.Count] = ')';
                }
            }
            lanes.Add(($"{client}@{nodeOf[client]} sends", sends));
            lanes.Add(($"{client} receives", receives));
        }

        int labelWidth = lanes.Max(l => l.Label.Length) + 2;
        var text = new StringBuilder();
        foreach (var line in comment) text.AppendLine(line.Length == 0 ? "#" : $"# {line}");
        text.AppendLine();
        text.AppendLine(string.Create(CultureInfo.InvariantCulture, $"start {Simulator.Start:yyyy-MM-dd HH:mm:ss}"));
        text.AppendLine("frame 1s");
        text.AppendLine("login-timeout 3600s"); // a drawn client may log in later than the server's default allows
        text.AppendLine();
        foreach (var (label, cells) in lanes) text.Append(label.PadRight(labelWidth)).AppendLine(new string(cells));
        text.AppendLine();
        text.AppendLine("where");
        foreach (var (line, key) in legend.OrderBy(p => Typed.Contains(p.Value, StringComparison.Ordinal) ? 0 : 1).ThenBy(p => p.Value))
            text.Append("  ").Append(key).Append(" = ").AppendLine(line);
        return text.ToString();
    }

    private static int Width(int lines) => lines == 1 ? 1 : lines + 2;

    private static char[] Dashes(int columns) => Enumerable.Repeat('-', columns).ToArray();
}
