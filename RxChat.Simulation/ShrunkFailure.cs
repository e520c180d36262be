namespace RxChat.Simulation;

/// <summary>
/// A failing run made short: the shortest plan found that still breaks the same invariant,
/// and, when the failure shows in what clients receive and needs no fault a diagram cannot
/// draw, that plan as a <c>.marble</c> scenario (null otherwise, with the reason).
/// </summary>
public sealed record ShrunkFailure(Plan Plan, Violation Violation, string? Marble, string? WhyNoMarble)
{
    /// <summary>
    /// Shrinks <paramref name="failed"/>'s plan. A marble is wanted first: the plan is cut to
    /// what a diagram can draw, and shrunk while it still breaks the invariant and the clients
    /// of <paramref name="rule"/> receive something else than under the real rules; when that
    /// is impossible, the plan is shrunk on the invariant alone.
    /// </summary>
    public static ShrunkFailure Of(SimulationResult failed, FoldRule rule, bool logDeduplicates = true)
    {
        var invariant = failed.Violation!.Invariant;
        bool FailsAlike(Plan plan) => Simulator.Run(plan, rule, logDeduplicates).Violation?.Invariant == invariant;
        bool Shows(Plan plan)
        {
            var mutant = Simulator.Run(plan, rule, logDeduplicates);
            if (mutant.Violation?.Invariant != invariant) return false;
            var real = Simulator.Run(plan);
            return real.Passed && !SameReceptions(real, mutant);
        }

        // What came after the failing step played no part in it.
        var upToFailure = failed.Plan.With(failed.Plan.Acts.Take(failed.Violation.Step));
        var drawable = upToFailure.Drawable();
        if (logDeduplicates && Shows(drawable))
        {
            var shrunk = Shrinker.Shrink(drawable, Shows);
            var header = new[]
            {
                $"Found by the cluster simulator: seed {failed.Plan.Seed}, shrunk from {failed.Plan.Acts.Count} steps to {shrunk.Acts.Count}.",
                $"The rules it was found with broke {invariant}; drawn here as the server's real rules play it,",
                "so the real rules pass it and the broken ones do not.",
            };
            return new ShrunkFailure(shrunk, Simulator.Run(shrunk, rule).Violation!, MarbleWriter.Write(shrunk, header), null);
        }
        var short_ = Shrinker.Shrink(upToFailure, FailsAlike);
        var why = logDeduplicates
            ? "the failure needs a fault a diagram cannot draw (log outage, partition, duplicate append, snapshot), or does not show in what clients receive"
            : "the broken log appends a retried message twice, and a diagram's log never fails";
        return new ShrunkFailure(short_, Simulator.Run(short_, rule, logDeduplicates).Violation!, null, why);
    }

    private static bool SameReceptions(SimulationResult a, SimulationResult b) =>
        a.Received.Count == b.Received.Count
        && a.Received.All(p => b.Received.TryGetValue(p.Key, out var other) && p.Value.SequenceEqual(other));
}
