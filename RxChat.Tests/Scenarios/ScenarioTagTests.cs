namespace RxChat.Tests.Scenarios;

/// <summary>
/// A scenario's tags say what a server needs beyond Part 1 to play it. The conformance runner's
/// <c>original</c> profile trusts them, so they are read strictly and checked against what the
/// scenarios actually type.
/// </summary>
public class ScenarioTagTests
{
    private const string Lanes = "alice sends     ^a-\nalice receives  -W-\n\nwhere\n  a = alice\n  W = Welcome to the chat server!\n";

    private static ChatScenario Read(string settings) =>
        ScenarioParser.Parse($"# A rule.\n\nstart 2026-11-23 12:00:00\nframe 1s\n{settings}\n{Lanes}", "marbles/x.marble");

    [Fact]
    public void Written_tags_are_read_and_settings_and_nodes_are_implied()
    {
        Assert.Equal(new[] { "announcements", "history" }, Read("tags history announcements").Tags);
        Assert.Empty(Read("").Tags);
        Assert.Equal(ScenarioTags.Settings, Assert.Single(Read("login-timeout 5s").Tags));
        Assert.Equal(ScenarioTags.Settings, Assert.Single(Read("flood 1/s burst 3").Tags));
    }

    [Theory]
    [InlineData("tags", "marbles/x.marble:5:5: expected tags after 'tags'")]
    [InlineData("tags History", "marbles/x.marble:5:6: a tag is a lower-case word")]
    [InlineData("tags history history", "marbles/x.marble:5:14: 'history' is tagged twice")]
    [InlineData("tags nodes", "marbles/x.marble:5:6: 'nodes' is not written: the scenario's node lanes give it")]
    [InlineData("tags settings", "marbles/x.marble:5:6: 'settings' is not written")]
    [InlineData("tags a\ntags b", "marbles/x.marble:6:1: a second 'tags' line (the first is line 5)")]
    public void A_malformed_tags_line_is_reported_where_it_is(string settings, string message)
    {
        var bad = Assert.Throws<ScenarioFormatException>(() => Read(settings));

        Assert.StartsWith(message, bad.Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// What PROTOCOL.md's Part 1 lets a client type. A scenario without tags that types anything
    /// else (an extension's command, or quit, which the original broadcasts as chat) would hold a
    /// Part 1 server to what it never promised.
    /// </summary>
    [Theory]
    [MemberData(nameof(ScenarioFiles.All), MemberType = typeof(ScenarioFiles))]
    public void An_untagged_scenario_types_only_what_Part_1_defines(string file)
    {
        var scenario = ScenarioFiles.Load(file);
        if (scenario.Tags.Count > 0) return;

        var beyond = scenario.Clients
            .SelectMany(c => c.Sends.Skip(1)) // the first line is the username
            .Where(a => a.Kind == ActionKind.Line)
            .Select(a => a.Text)
            .Where(text => text is "quit" or "exit"
                || text.StartsWith('/') && text is not ("/users" or "/room" or "/join" or "/leader") && !text.StartsWith("/join ", StringComparison.Ordinal))
            .ToList();

        Assert.True(beyond.Count == 0,
            $"marbles/{file} types {string.Join(", ", beyond)}, which Part 1 does not define: tag it with what it needs (marbles/README.md, \"Tags\")");
    }
}
