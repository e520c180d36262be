namespace RxChat.Tests.Scenarios;

/// <summary>
/// A scenario that would pass whatever it expected proves nothing. So every expected line of
/// every scenario is broken in turn -- its text changed, moved one column later, or removed --
/// and the runner must report exactly that client's lane as failing.
/// </summary>
public class ScenarioMutationTests
{
    [Theory]
    [MemberData(nameof(ScenarioFiles.All), MemberType = typeof(ScenarioFiles))]
    public void Breaking_any_single_expected_line_fails_that_lane(string file)
    {
        var scenario = ScenarioFiles.Load(file);
        Assert.True(ScenarioRunner.Run(scenario).Passed, $"{file} must pass unmutated for this test to mean anything");

        var survivors = new List<string>();
        var mutants = 0;
        foreach (var (client, index) in scenario.Clients.SelectMany(c => c.Expected.Select((_, i) => (c, i))))
        {
            foreach (var (what, broken) in Breakings(client.Expected[index]))
            {
                mutants++;
                var mutant = Replace(scenario, client, index, broken);
                var verdict = ScenarioRunner.Run(mutant);
                if (!verdict.FailedClients.SequenceEqual([client.Name]))
                {
                    survivors.Add($"{client.Name} line {index + 1} ({client.Expected[index]}) {what}: failed clients were [{string.Join(", ", verdict.FailedClients)}]");
                }
            }
        }

        Assert.True(mutants > 0, $"{file} expects nothing, so it checks nothing");
        Assert.True(survivors.Count == 0, $"{survivors.Count} of {mutants} broken expectations went unnoticed:{Environment.NewLine}{string.Join(Environment.NewLine, survivors)}");
    }

    /// <summary>The ways to break one expected reception; null removes it.</summary>
    private static IEnumerable<(string What, Reception? Broken)> Breakings(Reception expected)
    {
        yield return ("with its text changed", expected with { Line = (expected.Line ?? "") + " (changed)" });
        yield return ("moved one column later", expected with { Frame = expected.Frame + 1 });
        yield return ("removed", null);
    }

    private static ChatScenario Replace(ChatScenario scenario, ScenarioClient client, int index, Reception? broken)
    {
        var expected = client.Expected.ToList();
        if (broken is { } replacement) expected[index] = replacement;
        else expected.RemoveAt(index);

        var clients = scenario.Clients.Select(c => c == client ? c with { Expected = expected } : c).ToList();
        return scenario with { Clients = clients };
    }
}
