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

    [Fact]
    public void Nodes_are_drawn_as_lanes_and_each_client_names_its_node()
    {
        var scenario = ScenarioParser.Parse(Header + Clock +
            "node-timeout 6s\n" +
            "heartbeat 1s\n" +
            "node n1          ^---#--^---\n" +
            "node n2          ^-------|--\n" +
            "alice@n1 sends   ^a-\n" +
            "alice receives   -W-\n" +
            "bob@n2 sends     -^a\n" +
            "bob@n2 receives  --W\n" + Legend, "x.marble");

        Assert.Equal(
            [new ScenarioNode("n1", [new(0, NodeActionKind.Start), new(4, NodeActionKind.Die), new(7, NodeActionKind.Start)]),
             new ScenarioNode("n2", [new(0, NodeActionKind.Start), new(8, NodeActionKind.Stop)])],
            scenario.Nodes, new NodeComparer());
        Assert.Equal(["n1", "n2"], scenario.Clients.Select(c => c.Node));
        Assert.Equal((TimeSpan.FromSeconds(6), TimeSpan.FromSeconds(1)), (scenario.NodeTimeout, scenario.Heartbeat));
        Assert.Equal(10, scenario.LastFrame);
    }

    private sealed class NodeComparer : IEqualityComparer<ScenarioNode>
    {
        public bool Equals(ScenarioNode? x, ScenarioNode? y) => x!.Name == y!.Name && x.Actions.SequenceEqual(y.Actions);
        public int GetHashCode(ScenarioNode node) => node.Name.GetHashCode();
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
    // Nodes sharing one log.
    [InlineData(Header + Clock + "node n1          ^--x\n", 6, 21, "a node lane has '^' (the node starts), '#' (it dies), '|' (it stops) and '-', found 'x'")]
    [InlineData(Header + Clock + "node n1          ^-^\n", 6, 20, "node n1 starts while it is running")]
    [InlineData(Header + Clock + "node n1          --#\n", 6, 20, "node n1 is not running here")]
    [InlineData(Header + Clock + "node n1          ---\n", 6, 18, "node n1 never starts")]
    [InlineData(Header + Clock + "node n1          ^--\nnode n1          ^--\n", 7, 6, "node n1 has two lanes")]
    [InlineData(Header + Clock + "node n1          ^--\nalice sends      ^a\nalice receives   -W\n" + Legend, 7, 1, "say which one alice connects to, e.g. \"alice@n1 sends\"")]
    [InlineData(Header + Clock + "alice@n1 sends   ^a\nalice receives   -W\n" + Legend, 6, 1, "alice is on node n1, but no node is drawn")]
    [InlineData(Header + Clock + "node n1          ^--\nalice@n2 sends   ^a\nalice receives   -W\n" + Legend, 7, 1, "alice is on node n2, which has no lane")]
    [InlineData(Header + Clock + "node n1          ^#-\nalice@n1 sends   ^-a\nalice receives   ---\n" + Legend, 7, 20, "alice acts at column 2, when node n1 is not running")]
    [InlineData(Header + Clock + "node n1          ^--\nnode n2          ^--\nalice@n1 sends   ^a\nalice@n2 receives -W\n" + Legend, 9, 1, "a client is on one node")]
    public void Problems_are_reported_at_file_line_and_column(string text, int line, int column, string problem)
    {
        var error = Reject(text);

        Assert.Equal((line, column), (error.Line, error.Column));
        Assert.StartsWith($"marbles/broken.marble:{line}:{column}: ", error.Message);
        Assert.Contains(problem, error.Message);
    }
}
