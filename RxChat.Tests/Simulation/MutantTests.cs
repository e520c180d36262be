using RxChat.Scenarios;
using RxChat.Simulation;
using RxChat.Tests.Scenarios;

namespace RxChat.Tests.Simulation;

/// <summary>
/// The invariants are worth something only if they fail on a real mistake: each mutant wraps
/// the server's rules or log with one bug, and the simulator must catch it — and the shrunk
/// run, drawn as a marble, must pass under the real rules and fail under the mutant.
/// </summary>
public class MutantTests
{
    /// <summary>A seed whose run has a retried chat line in a room with an audience; found once by scanning seeds 1-12, fixed here.</summary>
    private const int DuplicatingSeed = 2;

    [Fact]
    public void Electing_the_latest_member_breaks_the_leader_invariant()
    {
        var plan = PlanGenerator.Generate(1, 120);

        var mutant = Simulator.Run(plan, Mutants.LatestLeads);
        var real = Simulator.Run(plan);

        Assert.Equal(Invariant.LeaderIsEarliest, mutant.Violation?.Invariant);
        Assert.True(real.Passed, real.Violation?.ToString());
    }

    [Fact]
    public void The_shrunk_failure_of_the_latest_leader_is_a_short_marble_the_real_rules_pass_and_the_mutant_fails()
    {
        var failed = Simulator.Run(PlanGenerator.Generate(1, 120), Mutants.LatestLeads);

        var shrunk = ShrunkFailure.Of(failed, Mutants.LatestLeads);

        Assert.NotNull(shrunk.Marble);
        Assert.Equal(Invariant.LeaderIsEarliest, shrunk.Violation.Invariant);
        Assert.InRange(shrunk.Plan.Acts.Count, 1, 12);
        Assert.InRange(shrunk.Marble!.Split('\n').Length, 1, 40);
        var scenario = ScenarioParser.Parse(shrunk.Marble, "shrunk.marble");
        // The real pipeline (fold thread, SQLite log, delivery) plays it as drawn …
        var verdict = ScenarioRunner.Run(scenario);
        Assert.True(verdict.Passed, verdict.Report + "\n" + shrunk.Marble);
        // … and so does the simulator with the real rules; with the mutant it does not.
        Assert.Empty(MarblePlayer.Differences(scenario, FoldRules.Real));
        Assert.NotEmpty(MarblePlayer.Differences(scenario, Mutants.LatestLeads));
    }

    [Fact]
    public void A_log_that_does_not_deduplicate_breaks_once_and_shrinks_to_the_retry()
    {
        var plan = PlanGenerator.Generate(DuplicatingSeed, 200);

        var mutant = Simulator.Run(plan, logDeduplicates: false);
        var real = Simulator.Run(plan);

        Assert.Equal(Invariant.LineOnce, mutant.Violation?.Invariant);
        Assert.True(real.Passed, real.Violation?.ToString());

        var shrunk = ShrunkFailure.Of(mutant, FoldRules.Real, logDeduplicates: false);

        Assert.Equal(Invariant.LineOnce, shrunk.Violation.Invariant);
        Assert.InRange(shrunk.Plan.Acts.Count, 1, 15);
        Assert.Contains(shrunk.Plan.Acts, a => a is DuplicateAppend);
        Assert.Null(shrunk.Marble); // a diagram's log never retries, so it cannot show this
        Assert.True(Simulator.Run(shrunk.Plan).Passed, "the shrunk run passes with the real log");
    }
}
