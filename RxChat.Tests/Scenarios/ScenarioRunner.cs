using System.Reactive;
using System.Reactive.Disposables;
using System.Reactive.Linq;
using RxChat.Protocol;
using RxChat.Server.Core;
using RxChat.Server.Log;
using RxChat.Server.Pipeline;
using RxChat.Server.Transport;
using RxChat.Tests.Support;
using RxChat.Tests.Testing;
using static Microsoft.Reactive.Testing.ReactiveTest;

namespace RxChat.Tests.Scenarios;

/// <summary>
/// Plays a <see cref="ChatScenario"/> through the production <see cref="ChatPipeline"/> — its
/// runs, its log (SQLite, in memory), its flushing — on a <see cref="ChatTestScheduler"/> whose
/// clock reads the scenario's start time at frame 0, and
/// compares what each client received with what the diagram says it must.
/// </summary>
/// <remarks>
/// Order at equal times is defined, not accidental: clients connect in order of their
/// <c>^</c> column, and at the same column in the order the file names them; lines typed in the
/// same column enter the merged command stream in that same order. A scenario with node lanes
/// runs one pipeline per node (a new one each time the node starts) over the same in-memory
/// log, heartbeats on, as nodes share a NATS stream; at equal columns nodes act first.
/// </remarks>
public static class ScenarioRunner
{
    /// <summary>Plays the scenario and checks it.</summary>
    public static ScenarioVerdict Run(ChatScenario scenario) => ScenarioVerdict.Check(scenario, Play(scenario));

    /// <summary>Plays the scenario until nothing is left to happen (with nodes: to its last column); returns what each client received, by name.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<Heard>> Play(ChatScenario scenario)
    {
        var scheduler = new ChatTestScheduler(scenario.Start);
        var options = new ChatOptions { TimeZone = TimeZoneInfo.Utc };
        if (scenario.LoginTimeout is { } timeout) options = options with { LoginTimeout = timeout };
        if (scenario.Flood is { } flood) options = options with { Flood = options.Flood with { LinesPerSecond = flood.LinesPerSecond, BurstLines = flood.BurstLines } };
        if (scenario.IdleTimeout is { } idle) options = options with { IdleTimeout = idle };
        var rules = options.Rules;
        if (scenario.Heartbeat is { } heartbeat) rules = rules with { HeartbeatEvery = heartbeat };
        if (scenario.NodeTimeout is { } nodeTimeout) rules = rules with { NodeTimeout = nodeTimeout };
        if (scenario.KickFor is { } kickFor) rules = rules with { KickFor = kickFor };
        options = options with { Rules = rules };
        var frameTicks = scenario.Frame.Ticks;

        using var log = SqliteCommandLog.Open(":memory:");
        var running = new List<IDisposable>();
        try
        {
            if (scenario.Nodes.Count == 0)
            {
                var accepts = Accepts(scenario, scheduler, options.Node, scenario.Clients, out var connections);
                var pipeline = TestPipeline.OnVirtualTime(log, scheduler, options);
                running.Add(pipeline.Run(accepts));
                scheduler.Start();
                return Received(scenario, connections);
            }

            // Nodes share the log and heartbeat (forever): scheduled before any client, so at
            // equal frames a node starts before its clients connect, and dies before they act.
            var byNode = new Dictionary<string, IObservable<IChatConnection>>();
            var all = new Dictionary<string, ScenarioConnection>();
            foreach (var node in scenario.Nodes)
            {
                var nodeOptions = options with { Node = node.Name, Heartbeats = true };
                ChatPipeline? current = null;
                IDisposable? runningNode = null;
                foreach (var action in node.Actions)
                {
                    scheduler.ScheduleAbsolute(action, action.Frame * frameTicks, (self, action) =>
                    {
                        switch (action.Kind)
                        {
                            case NodeActionKind.Start:
                                log.SnapshotWritten.Wait(); // a snapshot still being written would compact what this node replays
                                runningNode?.Dispose(); // a node stopped with '|' is gone once it starts again: it accepts no one more
                                current = TestPipeline.OnVirtualTime(log, scheduler, nodeOptions);
                                runningNode = current.Run(byNode[node.Name]);
                                running.Add(runningNode);
                                break;
                            case NodeActionKind.Die:
                                runningNode!.Dispose(); // appends nothing more, tells nobody
                                break;
                            case NodeActionKind.Stop:
                                _ = current!.ShutDown(); // folded in this frame; the pipeline is disposed at the end
                                break;
                        }
                        return Disposable.Empty;
                    });
                }
            }
            foreach (var node in scenario.Nodes)
            {
                byNode[node.Name] = Accepts(scenario, scheduler, node.Name, [.. scenario.Clients.Where(c => c.Node == node.Name)], out var connections);
                foreach (var (name, connection) in connections) all[name] = connection;
            }
            scheduler.AdvanceTo(scenario.LastFrame * frameTicks);
            return Received(scenario, all);
        }
        finally
        {
            foreach (var r in running) r.Dispose();
        }
    }

    /// <summary>
    /// The connections of <paramref name="clients"/> (all on <paramref name="node"/>), numbered in
    /// accept order, and when each is accepted: by the <c>^</c> column, then in file order.
    /// </summary>
    private static IObservable<IChatConnection> Accepts(
        ChatScenario scenario, TestScheduler scheduler, string node, IReadOnlyList<ScenarioClient> clients,
        out Dictionary<string, ScenarioConnection> connections)
    {
        var frameTicks = scenario.Frame.Ticks;
        var acceptOrder = clients
            .Select((client, fileOrder) => (client, fileOrder))
            .OrderBy(c => c.client.ConnectFrame).ThenBy(c => c.fileOrder)
            .Select(c => c.client)
            .ToList();

        // Created in file order, so the scheduler runs same-tick lines in file order.
        var created = clients.ToDictionary(
            client => client.Name,
            client => new ScenarioConnection(
                new ConnectionId(node, acceptOrder.IndexOf(client) + 1),
                scheduler.CreateHotObservable(client.Sends.Select(action => Typed(action, frameTicks)).ToArray()),
                scheduler));
        connections = created;

        return scheduler.CreateHotObservable(acceptOrder
            .Select(client => OnNext<IChatConnection>(client.ConnectFrame * frameTicks, created[client.Name]))
            .ToArray());
    }

    private static IReadOnlyDictionary<string, IReadOnlyList<Heard>> Received(ChatScenario scenario, Dictionary<string, ScenarioConnection> connections) =>
        scenario.Clients.ToDictionary(client => client.Name, client => connections[client.Name].Received);

    private static Recorded<Notification<InboundLine>> Typed(ClientAction action, long frameTicks) => action.Kind switch
    {
        ActionKind.Line => OnNext(action.Frame * frameTicks, new InboundLine(action.Text)),
        ActionKind.Close => OnCompleted<InboundLine>(action.Frame * frameTicks),
        _ => OnError<InboundLine>(action.Frame * frameTicks, new IOException("connection reset by peer")),
    };
}
