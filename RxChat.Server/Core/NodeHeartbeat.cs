namespace RxChat.Server.Core;

/// <summary>
/// "This node is still here": appended by a node sharing the log with others when it has
/// appended nothing else for <see cref="ChatRules.HeartbeatEvery"/>. It decides nothing by
/// itself; like any entry from the node, it counts as hearing from it (<see cref="Liveness"/>),
/// and it moves log time on, so the other nodes' silence can be measured.
/// </summary>
public sealed record NodeHeartbeat : Command
{
    public static readonly NodeHeartbeat Instance = new();
}
