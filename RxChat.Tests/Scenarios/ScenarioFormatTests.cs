namespace RxChat.Tests.Scenarios;

/// <summary>A malformed scenario file is reported as <c>file:line:column: what was expected</c>.</summary>
public class ScenarioFormatTests
{
    private const string Header = "# A rule, in plain words.\n\n";
    private const string Clock = "start 2026-11-23 12:00:00\nframe 1s\n\n";
    private const string Legend = "\nwhere\n  a = alice\n  W = Welcome to the chat server!\n";

    private static ScenarioFormatException Reject(string text) =>
        Assert.Throws<ScenarioFormatException>(() => ScenarioParser.Parse(text, "marbles/broken.marble"));

    [Fact]
    public void A_well_formed_file_is_read_into_lanes()
    {
        var scenario = ScenarioParser.Parse(Header + Clock +
            "alice sends     ^a-|\n" +
            "alice receives  -W-\n" + Legend, "x.marble");

        var alice = Assert.Single(scenario.Clients);
        Assert.Equal("A rule, in plain words.", scenario.Header);
        Assert.Equal(new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero), scenario.Start);
        Assert.Equal(TimeSpan.FromSeconds(1), scenario.Frame);
        Assert.Equal(0, alice.ConnectFrame);
        Assert.Equal([new ClientAction(1, ActionKind.Line, "alice"), new ClientAction(3, ActionKind.Close)], alice.Sends);
        Assert.Equal([new Reception(1, "Welcome to the chat server!")], alice.Expected);
    }

    [Theory]
    // line, column, words of the message
    [InlineData("start 2026-11-23 12:00:00\nframe 1s\n", 1, 1, "expected '#' comment lines first")]
    [InlineData(Header + "start 23/11/2026\nframe 1s\n", 3, 7, "expected the start time as YYYY-MM-DD HH:MM:SS")]
    [InlineData(Header + "start 2026-11-23 12:00:00\nframe 1 second\n", 4, 7, "expected a duration after 'frame'")]
    [InlineData(Header + "frame 1s\nalice sends    ^a\nalice receives -W\n", 3, 1, "missing 'start")]
    [InlineData(Header + Clock + "flood fast\n", 6, 7, "expected 'flood <lines>/s burst <lines>'")]
    [InlineData(Header + Clock + "alice sends     ^a\nalice receives   -W\n", 7, 18, "lanes above start at column 17")]
    [InlineData(Header + Clock + "alice sends     ^a -\nalice receives  -W\n", 6, 19, "a space inside a lane")]
    [InlineData(Header + Clock + "alice says      ^a\n", 6, 7, "expected 'sends' or 'receives' after the client name \"alice\"")]
    [InlineData(Header + Clock + "alice sends     ^a-x\nalice receives  -W\n" + Legend, 6, 20, "'x' is not defined under 'where'")]
    [InlineData(Header + Clock + "alice sends     a^\nalice receives  --\n" + Legend, 6, 17, "alice acts before connecting")]
    [InlineData(Header + Clock + "alice sends     -a\nalice receives  --\n" + Legend, 6, 17, "alice never connects")]
    [InlineData(Header + Clock + "alice sends     ^a\nalice receives  -W#\n" + Legend, 7, 19, "'#' has no meaning in a receives lane")]
    [InlineData(Header + Clock + "alice sends     ^a\nalice receives  -^W\n" + Legend, 7, 18, "'^' (connect) belongs in the sends lane")]
    [InlineData(Header + Clock + "alice sends     ^a-(a\nalice receives  -W\n" + Legend, 6, 20, "this group is never closed")]
    [InlineData(Header + Clock + "alice sends     ^a\n", 6, 1, "alice has a sends lane but no receives lane")]
    [InlineData(Header + Clock + "alice sends     ^a\nalice sends     ^a\n", 7, 1, "appears twice")]
    [InlineData(Header + Clock + "alice sends     ^a\nalice receives  -W\n\nwhere\n  a = alice\n  a = bob\n", 11, 3, "'a' is defined twice")]
    [InlineData(Header + Clock + "alice sends     ^a\nalice receives  -W\n\nwhere\n  a alice\n", 10, 4, "expected ' = ' right after the key 'a'")]
    public void Problems_are_reported_at_file_line_and_column(string text, int line, int column, string problem)
    {
        var error = Reject(text);

        Assert.Equal((line, column), (error.Line, error.Column));
        Assert.StartsWith($"marbles/broken.marble:{line}:{column}: ", error.Message);
        Assert.Contains(problem, error.Message);
    }
}
