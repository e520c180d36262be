namespace RxChat.Tests.Scenarios;

/// <summary>Every diagram in <c>marbles/</c>, played through the production pipeline on virtual time.</summary>
public class ChatScenarioTests
{
    [Theory]
    [MemberData(nameof(ScenarioFiles.All), MemberType = typeof(ScenarioFiles))]
    public void The_chat_plays_out_as_drawn(string file)
    {
        var verdict = ScenarioRunner.Run(ScenarioFiles.Load(file));

        if (!verdict.Passed) Assert.Fail(verdict.Report);
    }

    [Fact]
    public void There_are_scenarios_to_play()
    {
        // A missing copy step would otherwise leave the theory with nothing to run.
        Assert.NotEmpty(ScenarioFiles.Names());
    }
}
