using RxChat.Conformance;

namespace RxChat.Tests.Conformance;

/// <summary>
/// The runner against a small Part 1 server of the tests' own (<see cref="PartOneServer"/>):
/// it passes it whole, and built with a bug it fails exactly the scenarios that show that bug.
/// Played: every scenario that needs nothing but Part 1 and leader announcements.
/// </summary>
public class BrokenServerTests
{
    private static List<string> Playable() =>
        [.. ConformanceHarness.Scenarios().Where(s => s.Scenario.Tags.All(t => t == "announcements")).Select(s => s.Name)];

    private static async Task<(ConformanceTally Tally, string Report)> PlayAgainst(PartOneBug bug)
    {
        await using var server = new PartOneServer(bug);
        return await ConformanceHarness.RunAsync(ConformanceHarness.At(server.Port), Profile.RxChat, Playable());
    }

    [Fact]
    public async Task A_correct_server_passes_every_scenario_it_can_play()
    {
        var (tally, report) = await PlayAgainst(PartOneBug.None);

        Assert.True(tally.Failed == 0, report);
        Assert.Equal(Playable().Count, tally.Passed);
        Assert.EndsWith($"{Playable().Count} passed, 0 failed{Environment.NewLine}", report, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Re_election_off_fails_where_a_leader_changes()
    {
        var (tally, report) = await PlayAgainst(PartOneBug.NoReelection);

        // The leader leaves, moves away, or someone earlier joins: each needs a new leader.
        Assert.True(tally.FailedScenarios.SequenceEqual(["earlier-user-becomes-leader", "leader-reelection", "leader-switches-rooms"]), report);
        Assert.Contains("fail  leader-reelection", report, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Join_lines_swapped_fail_where_someone_hears_both()
    {
        var (tally, report) = await PlayAgainst(PartOneBug.JoinLinesSwapped);

        // Only a member of the room moved to, who hears the leave and then the join, can tell.
        Assert.True(tally.FailedScenarios.SequenceEqual(["leader-switches-rooms", "moving-rooms"]), report);
        Assert.Contains("carol, line 3: expected \"[08:00:06] alice left the room red\", received", report, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Timestamps_missing_fail_every_scenario_with_a_stamped_line()
    {
        var (tally, report) = await PlayAgainst(PartOneBug.TimestampsMissing);

        var stamped = ConformanceHarness.Scenarios()
            .Where(s => Playable().Contains(s.Name) && s.Scenario.Legend.Values.Any(line => line.StartsWith('[')))
            .Select(s => s.Name);
        Assert.True(tally.FailedScenarios.SequenceEqual(stamped), report);
        // The report names the line whose stamp is missing, not just the scenario.
        Assert.Contains("fail  join-and-leave", report, StringComparison.Ordinal);
        Assert.Contains("expected \"[09:30:06] bob joined the room\", received \"bob joined the room\"", report, StringComparison.Ordinal);
    }
}
