namespace RxChat.Scenarios;

/// <summary>
/// The tags with a meaning of their own (marbles/README.md, "Tags"). Any other word on a
/// scenario's <c>tags</c> line names an extension or a deliberate difference, and keeps the
/// scenario out of what a Part 1 server must pass.
/// </summary>
public static class ScenarioTags
{
    /// <summary>Implied by node lanes: the scenario needs several nodes sharing one log.</summary>
    public const string Nodes = "nodes";

    /// <summary>
    /// Implied by <c>login-timeout</c>, <c>idle-timeout</c>, <c>flood</c>, <c>heartbeat</c> or
    /// <c>node-timeout</c>: the server must run with the scenario's own timers and limits.
    /// </summary>
    public const string Settings = "settings";

    /// <summary>The original server does this differently on purpose (PROTOCOL.md, Part 2).</summary>
    public const string Differs = "differs";
}
