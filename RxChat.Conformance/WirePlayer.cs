using System.Diagnostics;
using System.Net;
using RxChat.Scenarios;

namespace RxChat.Conformance;

/// <summary>
/// Plays a scenario against a server over TCP: every column of the diagram becomes
/// <see cref="Frame"/> of real time, every person a socket. Within a column, connections go
/// first, then lines, each in the file's order and a slice of the frame apart, so the server
/// reads them in the order the diagram means.
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
            foreach (var group in steps.GroupBy(s => s.Frame))
            {
                var index = 0;
                foreach (var step in group)
                {
                    await Until(clock, Frame * step.Frame + slice * index++, cancel);
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
            await Until(clock, Frame * (scenario.LastFrame + 1), cancel);
            await AllArrivedAsync(scenario, clients, cancel);
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

    /// <summary>Waits, with a generous bound, until everyone has as many lines as drawn (or is gone): a slow server is not a wrong one.</summary>
    private static async Task AllArrivedAsync(ChatScenario scenario, Dictionary<string, WireClient> clients, CancellationToken cancel)
    {
        var waited = Stopwatch.StartNew();
        while (waited.Elapsed < Patience && scenario.Clients.Any(c => !clients[c.Name].Over && clients[c.Name].Received.Count < c.Expected.Count))
        {
            await Task.Delay(10, cancel);
        }
    }

    private static async Task Until(Stopwatch clock, TimeSpan at, CancellationToken cancel)
    {
        var left = at - clock.Elapsed;
        if (left > TimeSpan.Zero) await Task.Delay(left, cancel);
    }
}
