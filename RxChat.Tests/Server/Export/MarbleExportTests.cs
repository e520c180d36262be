using RxChat.Scenarios;
using RxChat.Server.Core;
using RxChat.Tests.Scenarios;

namespace RxChat.Tests.Server.Export;

/// <summary>
/// An incident becomes a test: a known log, exported by <c>export-marble</c>, is a scenario the
/// marble runner plays through the real pipeline — and it passes.
/// </summary>
public sealed class MarbleExportTests : IDisposable
{
    private readonly ExportedLog _log = new();

    public void Dispose() => _log.Dispose();

    /// <summary>alice and bob talk in main, carol joins, alice leaves (bob leads), bob quits, a fourth takes carol's name.</summary>
    private ExportedLog AConversation() => _log
        .At(0, 0, NodeStarted.Instance)
        .At(1.2, 1, Connected.Instance).At(2.1, 1, new Login("alice"))
        .At(2.5, 2, Connected.Instance).At(3.0, 2, new Login("bob"))
        .At(4, 1, new Join("main")).At(5, 2, new Join("main"))
        .At(6.3, 1, new Say("hello bob")).At(7, 2, WhoLeads.Instance)
        .At(8, 3, Connected.Instance).At(8.4, 3, new Login("carol")).At(9, 3, new Join("main"))
        .At(11, 1, new Disconnected("closed by peer"))
        .At(11.5, 3, new Say("anyone?"))
        .At(13.5, 2, Quit.Instance).At(13.6, 2, new Disconnected("closed by peer"))
        .At(14, 4, Connected.Instance).At(15, 4, new Login("Carol")).At(15.1, 4, new Disconnected("closed by peer"))
        .Store();

    private static ScenarioVerdict Replayed(string marble) => ScenarioRunner.Run(ScenarioParser.Parse(marble, "exported.marble"));

    [Fact]
    public void A_known_log_exported_plays_out_as_drawn_in_the_marble_runner()
    {
        AConversation();

        var (code, marble, error) = _log.Export();

        Assert.Equal((0, ""), (code, error));
        var verdict = Replayed(marble);
        Assert.True(verdict.Passed, verdict.Report + "\n" + marble);
        var scenario = ScenarioParser.Parse(marble, "exported.marble");
        Assert.Equal(["alice", "bob", "carol", "Carol-2"], scenario.Clients.Select(c => c.Name));
        Assert.Contains("[12:00:06] alice: hello bob", scenario.Legend.Values); // the time it was stamped, as bob heard it
        Assert.Contains("[12:00:11] bob is now the leader of main", scenario.Legend.Values);
        Assert.Contains("Username \"Carol\" is already in use", scenario.Legend.Values);
        Assert.Contains("alice", scenario.Clients[0].Sends.Select(s => s.Text));
        Assert.Equal(ActionKind.Close, scenario.Clients[0].Sends[^1].Kind); // she closed; her goodbye is drawn, bob's hang-up after quit is not
        // Beyond Part 1: a leader announced, carol shown main's history as she joins, quit and a name in use.
        Assert.Equal(["announcements", "differs", "history"], scenario.Tags);
    }

    [Fact]
    public void An_exported_marble_fails_when_the_rules_would_say_something_else()
    {
        AConversation();
        var marble = _log.Export().Marble;

        // What a change of rules would change shows as a failing lane: here, another wording for a chat line.
        var changed = marble.Replace("alice: hello bob", "alice says: hello bob", StringComparison.Ordinal);

        var verdict = Replayed(changed);
        Assert.False(verdict.Passed);
        Assert.Contains("bob", verdict.FailedClients);
    }

    [Fact]
    public void Connections_already_there_at_from_are_logged_in_again_by_a_prelude_in_the_order_they_connected()
    {
        AConversation();

        var (code, marble, error) = _log.Export(from: 8); // alice and bob are in main; alice leads

        Assert.Equal((0, ""), (code, error));
        Assert.Contains("# Already there at position 8: alice, bob.", marble, StringComparison.Ordinal);
        var verdict = Replayed(marble);
        Assert.True(verdict.Passed, verdict.Report + "\n" + marble);
        var scenario = ScenarioParser.Parse(marble, "exported.marble");
        Assert.Equal(["alice", "/join main"], scenario.Clients[0].Sends.Take(2).Select(s => s.Text)); // the prelude: connect, log in, join
        Assert.Contains("[12:00:11] bob is now the leader of main", scenario.Legend.Values); // the same leader order as logged
    }

    [Fact]
    public void A_segment_ends_where_asked_and_a_node_that_stops_and_starts_again_gets_a_lane()
    {
        _log.At(0, 0, NodeStarted.Instance)
            .At(1, 1, Connected.Instance).At(2, 1, new Login("alice")).At(3, 1, new Join("main"))
            .At(4, 0, NodeStopping.Instance).At(4.2, 1, new Disconnected("closed by peer"))
            .At(7, 0, NodeStarted.Instance)
            .At(8, 2, Connected.Instance).At(9, 2, new Login("alice")).At(10, 2, WhichRoom.Instance)
            .At(11, 2, new Say("lost"))
            .Store();

        var (code, marble, error) = _log.Export(to: 10);

        Assert.Equal((0, ""), (code, error));
        Assert.DoesNotContain("lost", marble, StringComparison.Ordinal);
        var scenario = ScenarioParser.Parse(marble, "exported.marble");
        Assert.Equal([NodeActionKind.Start, NodeActionKind.Stop, NodeActionKind.Start], scenario.Nodes.Single().Actions.Select(a => a.Kind));
        Assert.Contains("Server is shutting down", scenario.Legend.Values);
        var verdict = Replayed(marble);
        Assert.True(verdict.Passed, verdict.Report + "\n" + marble);
    }

    [Fact]
    public void Entries_of_two_nodes_get_a_lane_each_and_their_people_chat_across_them()
    {
        _log.At(0, 0, NodeStarted.Instance, "n1").At(0.5, 0, NodeStarted.Instance, "n2")
            .At(1, 1, Connected.Instance, "n1").At(2, 1, new Login("alice"), "n1").At(3, 1, new Join("main"), "n1")
            .At(4, 1, Connected.Instance, "n2").At(5, 1, new Login("bob"), "n2").At(6, 1, new Join("main"), "n2")
            .At(7, 1, new Say("hi from n2"), "n2")
            .Store();

        var (code, marble, error) = _log.Export();

        Assert.Equal((0, ""), (code, error));
        Assert.Contains("alice@n1 sends", marble, StringComparison.Ordinal);
        Assert.Contains("bob@n2 sends", marble, StringComparison.Ordinal);
        var verdict = Replayed(marble);
        Assert.True(verdict.Passed, verdict.Report + "\n" + marble);
    }

    [Fact]
    public void What_a_marble_cannot_type_is_refused_in_one_line_naming_its_position()
    {
        _log.At(0, 0, NodeStarted.Instance)
            .At(1, 1, Connected.Instance).At(2, 1, new Login("alice"))
            .At(3, 1, new RefuseLine(new LineTooLong(4096)))
            .Store();

        var (code, marble, error) = _log.Export();

        Assert.Equal(2, code);
        Assert.Equal("", marble);
        Assert.StartsWith("rxchat: export-marble: position 4: the server refused a line of alice at its edge", error, StringComparison.Ordinal);
        Assert.Single(error.TrimEnd().Split('\n'));
        Assert.Equal(0, _log.Export(to: 3).Code); // the part before it exports
    }
}
