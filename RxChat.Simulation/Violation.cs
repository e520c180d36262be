namespace RxChat.Simulation;

/// <summary>The facts the simulator checks after every step (docs/simulation.md).</summary>
public enum Invariant
{
    /// <summary>All nodes that folded position p have equal fingerprints.</summary>
    FingerprintsAgree,

    /// <summary>Every room's leader is its earliest-connected member (by the log position of its connection).</summary>
    LeaderIsEarliest,

    /// <summary>Every acknowledged chat line reaches every member present.</summary>
    LineReachesMembers,

    /// <summary>… once.</summary>
    LineOnce,

    /// <summary>… in log order.</summary>
    LineInLogOrder,

    /// <summary>No line reaches anyone it should not.</summary>
    LineOnlyToMembers,

    /// <summary>The rules fold every entry without throwing.</summary>
    RulesDoNotThrow,
}

/// <summary>The first invariant broken in a run: at which step, and what exactly was seen.</summary>
public sealed record Violation(int Step, Invariant Invariant, string Detail)
{
    public override string ToString() => $"step {Step}: {Invariant}: {Detail}";
}

/// <summary>A line a client read, at the step it read it; null when the server closed its connection.</summary>
public readonly record struct HeardLine(int Step, string? Line);

/// <summary>What a run did: its trace (equal for equal plans), the first violation if any, and what each client read.</summary>
public sealed record SimulationResult(
    Plan Plan,
    IReadOnlyList<string> Trace,
    Violation? Violation,
    IReadOnlyDictionary<string, IReadOnlyList<HeardLine>> Received,
    long LogLength)
{
    public bool Passed => Violation is null;
}
