namespace RxChat.Tests.Scenarios;

/// <summary>What a failing scenario prints: the lane drawn as expected over actual, and the lines side by side.</summary>
public class ScenarioReportTests
{
    [Fact]
    public void A_failure_draws_the_lanes_and_lists_expected_and_actual_lines_side_by_side()
    {
        var scenario = ScenarioParser.Parse("""
            # alice is welcomed.
            start 2026-11-23 12:00:00
            frame 1s
            alice sends     ^a--
            alice receives  --W-
            where
              a = alice
              W = Welcome to the chat server!
            """, "marbles/example.marble");

        var verdict = ScenarioRunner.Run(scenario);
        var lines = verdict.Report.Split(Environment.NewLine);

        Assert.Equal(["alice"], verdict.FailedClients);
        Assert.Contains("marbles/example.marble does not play out as drawn.", lines);
        Assert.Contains("  expected  --W", lines);
        Assert.Contains("  actual    -W", lines);
        Assert.Contains(lines, line => line.StartsWith("       1  12:00:01  ") && line.EndsWith("| Welcome to the chat server!   <-- differs"));
        Assert.Contains(lines, line => line.StartsWith("       2  12:00:02  Welcome to the chat server! |") && line.EndsWith("<-- differs"));
    }

    [Fact]
    public void A_line_the_file_never_names_gets_a_symbol_and_is_spelled_out()
    {
        var scenario = ScenarioParser.Parse("""
            # alice asks which room she is in.
            start 2026-11-23 12:00:00
            frame 1s
            alice sends     ^a-r
            alice receives  -W--
            where
              a = alice
              r = /room
              W = Welcome to the chat server!
            """, "marbles/example.marble");

        var report = ScenarioRunner.Run(scenario).Report;

        Assert.Contains("  actual    -W-z", report);
        Assert.Contains("where z = You are not in any room   (not in the file's 'where' list)", report);
    }
}
