using RxChat.Server.Core;

namespace RxChat.Simulation;

/// <summary>
/// How a node folds one log entry: the server's <see cref="Chat.Step"/> in every real run. It is
/// a parameter so the tests can hand the simulator a mutant (a wrapper around the real step
/// that breaks one rule) and see the invariants catch it; the rules themselves are never copied.
/// </summary>
public delegate ChatStep FoldRule(ChatState state, LogEntry entry, bool route);

public static class FoldRules
{
    /// <summary>The server's own rules: Decide, Evolve, Route.</summary>
    public static readonly FoldRule Real = Chat.Step;
}
