using System.Diagnostics;
using System.Net;
using RxChat.Scenarios;

namespace RxChat.Conformance;

/// <summary>
/// Plays a scenario against a server over TCP: every column of the diagram becomes
/// <see cref="Frame"/> of real time, every person a socket. Within a column, connections go
/// first, then lines, each in the file's order and a slice of the frame apart, so the server
/// reads them in the order the diagram means. Before each column, the player waits (within
/// <see cref="Patience"/>) until everyone has received as many lines as drawn before it: the
/// server has answered what came before, so a busy server is slow, never reordered.
/// </summary>
internal sealed class WirePlayer(TimeSpan frame)
{
    /// <summary>How long, after the last column, the expected lines may take to arrive.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    public TimeSpan Frame { get; } = frame;

    private enum Move { Connect, Line, Close, Break }

    private readonly record struct Step(long Frame, int Order, string Client, Move Move, string Text);

    /// <summary>What each person received, by name, in arrival order (null: the server hung up).</summary>
    public async Task<IReadOnlyDictionary<string, IReadOnlyList<string?>>> PlayAsync(ChatScenario scenario, EndPoint server, CancellationToken cancel)
    {
        var steps = Steps(scenario);
        var mostInOneFrame = steps.GroupBy(s => s.Frame).Max(g => g.Count());
        var slice = Frame / (mostInOneFrame + 1);
        var clients = scenario.Clients.ToDictionary(c => c.Name, _ => new WireClient());
        try
        {
            var clock = Stopwatch.StartNew();
            var late = TimeSpan.Zero; // how far the columns were put back waiting for a slow server
            var synced = true;
            foreach (var group in steps.GroupBy(s => s.Frame))
            {
                if (synced)
                {
                    synced = await ArrivedAsync(scenario, clients, group.Key, cancel);
                    late += Later(clock, Frame * group.Key + late);
                }
                var index = 0;
                foreach (var step in group)
                {
                    await Until(clock, Frame * step.Frame + late + slice * index++, cancel);
                    var client = clients[step.Client];
                    switch (step.Move)
                    {
                        case Move.Connect: await client.ConnectAsync(server, cancel); break;
                        case Move.Line: await client.SendAsync(step.Text, cancel); break;
                        case Move.Close: client.Close(); break;
                        default: client.Break(); break;
                    }
                }
            }
            await Until(clock, Frame * (scenario.LastFrame + 1) + late, cancel);
            await ArrivedAsync(scenario, clients, long.MaxValue, cancel);
            await Task.Delay(Frame * 3, cancel); // and then nothing more: a surplus line shows up here
            return clients.ToDictionary(c => c.Key, c => c.Value.Received);
        }
        finally
        {
            foreach (var client in clients.Values) await client.DisposeAsync();
        }
    }

    /// <summary>Every connect, line, close and break in play order: by column, connections first, then file order.</summary>
    private static List<Step> Steps(ChatScenario scenario)
    {
        var steps = new List<Step>();
        foreach (var client in scenario.Clients)
        {
            steps.Add(new Step(client.ConnectFrame, 0, client.Name, Move.Connect, ""));
            foreach (var action in client.Sends)
            {
                var move = action.Kind switch { ActionKind.Line => Move.Line, ActionKind.Close => Move.Close, _ => Move.Break };
                steps.Add(new Step(action.Frame, 1, client.Name, move, action.Text));
            }
        }
        // A stable sort: within a column and kind, the file's order (and a group's own order) stays.
        return [.. steps.OrderBy(s => s.Frame).ThenBy(s => s.Order)];
    }

    /// <summary>
    /// Waits until everyone has as many lines as drawn before <paramref name="frame"/> (or is
    /// gone): a slow server is not a wrong one. False when <see cref="Patience"/> ran out: the
    /// server is missing a line, the scenario fails, and the rest is played without waiting.
    /// </summary>
    private static async Task<bool> ArrivedAsync(ChatScenario scenario, Dictionary<string, WireClient> clients, long frame, CancellationToken cancel)
    {
        var waited = Stopwatch.StartNew();
        while (scenario.Clients.Any(c => !clients[c.Name].Over && clients[c.Name].Received.Count < c.Expected.Count(r => r.Frame < frame)))
        {
            if (waited.Elapsed > Patience) return false;
            await Task.Delay(5, cancel);
        }
        return true;
    }

    /// <summary>The delay to add to the schedule so that <paramref name="due"/> is not already past.</summary>
    private TimeSpan Later(Stopwatch clock, TimeSpan due) => clock.Elapsed > due ? clock.Elapsed - due + Frame / 10 : TimeSpan.Zero;

    private static async Task Until(Stopwatch clock, TimeSpan at, CancellationToken cancel)
    {
        var left = at - clock.Elapsed;
        if (left > TimeSpan.Zero) await Task.Delay(left, cancel);
    }
}
