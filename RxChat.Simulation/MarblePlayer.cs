using RxChat.Scenarios;

namespace RxChat.Simulation;

/// <summary>
/// Plays a marble scenario (as <see cref="MarbleWriter"/> draws them: nodes that start at column
/// 0 and run on, at most one client act per column) through the simulator with any
/// <see cref="FoldRule"/>, and says where what the clients received differs from the drawing:
/// how a mutant's shrunk failure is shown failing, while the real rules pass.
/// </summary>
public static class MarblePlayer
{
    /// <summary>The scenario as a plan: one act per column, pauses between.</summary>
    /// <exception cref="NotSupportedException">It draws what the simulator's plans cannot say.</exception>
    public static Plan ToPlan(ChatScenario scenario)
    {
        if (scenario.Nodes.Any(n => n.Actions is not [{ Frame: 0, Kind: NodeActionKind.Start }]))
            throw new NotSupportedException("only nodes that start at column 0 and run on can be played by the simulator");
        var nodes = scenario.Nodes.Count == 0 ? ["n1"] : scenario.Nodes.Select(n => n.Name).ToList();
        var acts = new SortedDictionary<long, Act>();
        foreach (var client in scenario.Clients)
        {
            var node = client.Node ?? nodes[0];
            Add(client.ConnectFrame, new ClientConnects(client.Name, node));
            foreach (var send in client.Sends)
                Add(send.Frame, send.Kind switch
                {
                    ActionKind.Line => new ClientTypes(client.Name, send.Text),
                    ActionKind.Close => new ClientCloses(client.Name),
                    _ => new ClientVanishes(client.Name),
                });
        }
        var last = acts.Count == 0 ? 0 : acts.Keys.Max();
        var plan = new List<Act>();
        for (long frame = 1; frame <= last; frame++) plan.Add(acts.GetValueOrDefault(frame, Pause.Instance));
        return new Plan(0, nodes, plan);

        void Add(long frame, Act act)
        {
            if (frame < 1) throw new NotSupportedException("column 0 belongs to the nodes' start");
            if (!acts.TryAdd(frame, act)) throw new NotSupportedException($"two acts in column {frame}");
        }
    }

    /// <summary>Where the clients' receptions differ from the drawing (empty: it plays out as drawn).</summary>
    public static IReadOnlyList<string> Differences(ChatScenario scenario, FoldRule rule)
    {
        var result = Simulator.Run(ToPlan(scenario), rule);
        var differences = new List<string>();
        foreach (var client in scenario.Clients)
        {
            var expected = client.Expected.Select(r => (r.Frame, r.Line)).ToList();
            var actual = result.Received.GetValueOrDefault(client.Name, []).Select(h => ((long)h.Step, h.Line)).ToList();
            for (int i = 0; i < Math.Max(expected.Count, actual.Count); i++)
            {
                var want = i < expected.Count ? expected[i] : default((long, string?)?);
                var got = i < actual.Count ? actual[i] : default((long, string?)?);
                if (want == got) continue;
                differences.Add($"{client.Name}: expected {Say(want)}, received {Say(got)}");
                break;
            }
        }
        return differences;

        static string Say((long Frame, string? Line)? reception) => reception is { } r
            ? $"\"{r.Line ?? "(hang-up)"}\" at column {r.Frame}"
            : "nothing more";
    }
}
