using System.Diagnostics;
using RxChat.Simulation;
using Xunit.Abstractions;

namespace RxChat.Tests.Simulation;

/// <summary>
/// The seeds CI plays: the whole cluster (three nodes, up to eight clients, faults on the seed's
/// schedule) under the server's real rules, every invariant checked after every step.
/// </summary>
public class SimulatedSeedsTests(ITestOutputHelper output)
{
    /// <summary>Chosen to stay far under a minute on a loaded two-core machine (docs/simulation.md gives the timing).</summary>
    public const int Seeds = 10;

    public const int Steps = 150;

    [Fact]
    public void Every_invariant_holds_on_the_CI_seeds()
    {
        var clock = Stopwatch.StartNew();
        var broken = new List<string>();
        long entries = 0;
        for (int seed = 1; seed <= Seeds; seed++)
        {
            var result = Simulator.Run(PlanGenerator.Generate(seed, Steps));
            entries += result.LogLength;
            if (result.Violation is { } violation) broken.Add($"seed {seed}: {violation} (reproduce: simulate --seed {seed} --steps {Steps} --trace)");
        }
        output.WriteLine($"{Seeds} seeds x {Steps} steps, {entries} log entries, in {clock.Elapsed.TotalSeconds:0.0} s");

        Assert.Empty(broken);
    }

    [Fact]
    public void The_CI_seeds_meet_every_fault_the_simulator_knows()
    {
        // A seed list that never crashes a node or takes the log down would check much less than it seems to.
        var acts = Enumerable.Range(1, Seeds).SelectMany(seed => PlanGenerator.Generate(seed, Steps).Acts).ToList();

        Assert.Contains(acts, a => a is NodeCrashes);
        Assert.Contains(acts, a => a is NodeSnapshotsAndCrashes);
        Assert.Contains(acts, a => a is NodeRestarts);
        Assert.Contains(acts, a => a is LogGoesDown);
        Assert.Contains(acts, a => a is NodeCutOff);
        Assert.Contains(acts, a => a is DuplicateAppend);
        Assert.Contains(acts, a => a is ClientVanishes);
        Assert.Contains(acts, a => a is ClientReads);
    }
}
