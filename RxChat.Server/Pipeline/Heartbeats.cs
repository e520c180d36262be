using System.Reactive;
using System.Reactive.Concurrency;
using System.Reactive.Linq;
using RxChat.Server.Core;

namespace RxChat.Server.Pipeline;

/// <summary>How a node tells the others sharing its log that it is alive.</summary>
internal static class Heartbeats
{
    /// <summary>
    /// A <see cref="NodeHeartbeat"/> each time this node has tried to append nothing for
    /// <see cref="ChatRules.HeartbeatEvery"/>, until it says goodbye: how the other nodes
    /// sharing the log know it is alive (<see cref="Liveness"/>). A failed append counts as
    /// trying, so during an outage heartbeats keep being tried and one lands when the log is back.
    /// Only when <see cref="ChatOptions.Heartbeats"/> is on: a node alone on its log has nobody to tell.
    /// </summary>
    /// <param name="appending">Each run this node tries to append: what a heartbeat waits for a pause in.</param>
    /// <param name="stopping">This node's goodbye: no heartbeat after it.</param>
    public static IObservable<Command> Of(ChatOptions options, IObservable<Unit> appending, IObservable<Unit> stopping, IScheduler clock) => options.Heartbeats
        ? appending.StartWith(Unit.Default)
            .Throttle(options.Rules.HeartbeatEvery, clock)
            .Select(_ => (Command)NodeHeartbeat.Instance)
            .TakeUntil(stopping)
        : Observable.Never<Command>();
}
