using System.Reactive;
using System.Reactive.Linq;
using RxChat.Protocol;
using RxChat.Server.Core;
using RxChat.Server.Log;
using RxChat.Server.Pipeline;
using RxChat.Server.Transport;
using RxChat.Tests.Testing;
using static RxChat.Tests.Testing.ReactiveTest;

namespace RxChat.Tests.Scenarios;

/// <summary>
/// Plays a <see cref="ChatScenario"/> through the production <see cref="ChatPipeline"/> — its
/// runs, its log (SQLite, in memory), its flushing — on a <see cref="TestScheduler"/> whose
/// clock reads the scenario's start time at frame 0, and
/// compares what each client received with what the diagram says it must.
/// </summary>
/// <remarks>
/// Order at equal times is defined, not accidental: clients connect in order of their
/// <c>^</c> column, and at the same column in the order the file names them; lines typed in the
/// same column enter the merged command stream in that same order.
/// </remarks>
public static class ScenarioRunner
{
    /// <summary>Plays the scenario and checks it.</summary>
    public static ScenarioVerdict Run(ChatScenario scenario) => ScenarioVerdict.Check(scenario, Play(scenario));

    /// <summary>Plays the scenario until nothing is left to happen; returns what each client received, by name.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<Heard>> Play(ChatScenario scenario)
    {
        var scheduler = new TestScheduler(scenario.Start);
        var options = new ChatOptions { TimeZone = TimeZoneInfo.Utc };
        if (scenario.LoginTimeout is { } timeout) options = options with { LoginTimeout = timeout };
        if (scenario.Flood is { } flood) options = options with { Flood = flood };
        if (scenario.IdleTimeout is { } idle) options = options with { IdleTimeout = idle };
        var frameTicks = scenario.Frame.Ticks;

        var acceptOrder = scenario.Clients
            .Select((client, fileOrder) => (client, fileOrder))
            .OrderBy(c => c.client.ConnectFrame).ThenBy(c => c.fileOrder)
            .Select(c => c.client)
            .ToList();

        // Created in file order, so the scheduler runs same-tick lines in file order.
        var connections = scenario.Clients.ToDictionary(
            client => client.Name,
            client => new ScenarioConnection(
                new ConnectionId(options.Node, acceptOrder.IndexOf(client) + 1),
                scheduler.CreateHotObservable(client.Sends.Select(action => Typed(action, frameTicks)).ToArray()),
                scheduler));

        var accepts = scheduler.CreateHotObservable(acceptOrder
            .Select(client => OnNext<IChatConnection>(client.ConnectFrame * frameTicks, connections[client.Name]))
            .ToArray());

        using var log = SqliteCommandLog.Open(":memory:");
        var pipeline = new ChatPipeline(options, log, scheduler, scheduler.AsWorker);
        using var running = pipeline.Run(accepts);
        scheduler.Start();

        return connections.ToDictionary(pair => pair.Key, pair => pair.Value.Received);
    }

    private static Recorded<Notification<InboundLine>> Typed(ClientAction action, long frameTicks) => action.Kind switch
    {
        ActionKind.Line => OnNext(action.Frame * frameTicks, new InboundLine(action.Text)),
        ActionKind.Close => OnCompleted<InboundLine>(action.Frame * frameTicks),
        _ => OnError<InboundLine>(action.Frame * frameTicks, new IOException("connection reset by peer")),
    };
}
