namespace RxChat.Simulation;

/// <summary>
/// One simulated run, decided up front from a seed: the nodes, and one <see cref="Act"/> per
/// virtual second. Running a plan consults no randomness, so a plan (and so a seed) always
/// plays the same way, and a shorter plan made by dropping acts still plays (an act whose
/// client or node is not there is skipped) — which is what shrinking needs.
/// </summary>
public sealed record Plan(int Seed, IReadOnlyList<string> Nodes, IReadOnlyList<Act> Acts)
{
    /// <summary>The same plan with other acts.</summary>
    public Plan With(IEnumerable<Act> acts) => this with { Acts = [.. acts] };

    /// <summary>
    /// What a marble diagram can draw of it: client acts and pauses; faults of the log and nodes,
    /// and slow reading, are left out (a diagram's clients read at once, and its log never fails).
    /// </summary>
    public Plan Drawable() => With(Acts
        .Where(a => a is ClientConnects or ClientTypes or ClientCloses or ClientVanishes or Pause)
        .Select(a => a is ClientConnects c ? c with { ReadsSlowly = false } : a));

    /// <summary>The clients named in it, in order of first appearance.</summary>
    public IReadOnlyList<string> Clients => [.. Acts.OfType<ClientAct>().Select(a => a.Client).Distinct()];
}

/// <summary>What happens in one virtual second.</summary>
public abstract record Act;

/// <summary>Nothing but time passing (nodes still heartbeat and fold).</summary>
public sealed record Pause : Act
{
    public static readonly Pause Instance = new();

    public override string ToString() => "time passes";
}

/// <summary>An act of one client (one connection; a client that comes back is another client).</summary>
public abstract record ClientAct(string Client) : Act;

/// <summary>The client connects to <paramref name="Node"/>; one that reads slowly takes what it is sent only on <see cref="ClientReads"/>.</summary>
public sealed record ClientConnects(string Client, string Node, bool ReadsSlowly = false) : ClientAct(Client)
{
    public override string ToString() => $"{Client} connects to {Node}{(ReadsSlowly ? ", reading slowly" : "")}";
}

/// <summary>The client types a line (its name first, then commands and chat lines).</summary>
public sealed record ClientTypes(string Client, string Line) : ClientAct(Client)
{
    public override string ToString() => $"{Client} types \"{Line}\"";
}

/// <summary>A slow reader takes everything waiting for it.</summary>
public sealed record ClientReads(string Client) : ClientAct(Client)
{
    public override string ToString() => $"{Client} reads";
}

/// <summary>The client closes its connection (a marble's <c>|</c>).</summary>
public sealed record ClientCloses(string Client) : ClientAct(Client)
{
    public override string ToString() => $"{Client} closes";
}

/// <summary>The client's connection breaks (a marble's <c>#</c>): it vanishes without a word.</summary>
public sealed record ClientVanishes(string Client) : ClientAct(Client)
{
    public override string ToString() => $"{Client} vanishes";
}

/// <summary>A fault injected on the seed's schedule.</summary>
public abstract record Fault : Act;

/// <summary>The node's process dies: what it had not appended is lost, its clients are cut off.</summary>
public sealed record NodeCrashes(string Node) : Fault
{
    public override string ToString() => $"{Node} crashes";
}

/// <summary>A crashed node starts again: it catches up with the log (from its snapshot, if it took one) and appends its start.</summary>
public sealed record NodeRestarts(string Node) : Fault
{
    public override string ToString() => $"{Node} restarts";
}

/// <summary>The node writes a snapshot of its state and dies at once; it restarts from the snapshot with <see cref="NodeRestarts"/>.</summary>
public sealed record NodeSnapshotsAndCrashes(string Node) : Fault
{
    public override string ToString() => $"{Node} snapshots and crashes";
}

/// <summary>The log is unavailable to everyone: appends fail (nodes keep and retry them), reads wait.</summary>
public sealed record LogGoesDown : Fault
{
    public override string ToString() => "the log goes down";
}

public sealed record LogComesBack : Fault
{
    public override string ToString() => "the log comes back";
}

/// <summary>One node can no longer reach the log (a network partition); the others can.</summary>
public sealed record NodeCutOff(string Node) : Fault
{
    public override string ToString() => $"{Node} is cut off from the log";
}

public sealed record NodeReconnects(string Node) : Fault
{
    public override string ToString() => $"{Node} reaches the log again";
}

/// <summary>The node's next append of a client's command is sent twice (its first acknowledgement was lost, so it retries with the same message id).</summary>
public sealed record DuplicateAppend(string Node) : Fault
{
    public override string ToString() => $"{Node}'s next append is sent twice";
}
