using RxChat.Conformance;

namespace RxChat.Tests.Conformance;

/// <summary>
/// The comparison over real time, without sockets: words exact, a stamp only its shape and its
/// order, and one event's stamp the same for everyone who hears it.
/// </summary>
public class WireVerdictTests
{
    // alice and bob in main; bob speaks twice; carol joins later and gets both as history.
    private static readonly ChatScenario Talk = ScenarioParser.Parse("""
        # Stamps over real time.

        start 2026-11-23 12:00:00
        frame 1s

        alice sends     ^a-j------
        alice receives  -W-Y123---
        bob sends       -^b-jxy---
        bob receives    --W-Y-----
        carol sends     -------^cj
        carol receives  --------W(YS23E)

        where
          a = alice
          b = bob
          c = carol
          j = /join main
          x = one
          y = two
          W = Welcome to the chat server!
          Y = You joined room main
          1 = [12:00:04] bob joined the room
          2 = [12:00:05] bob: one
          3 = [12:00:06] bob: two
          S = --- 2 earlier messages in main ---
          E = --- end of history ---
        """, "marbles/talk.marble");

    private static Dictionary<string, IReadOnlyList<string?>> Heard(string one, string two, string joined = "[08:15:03] bob joined the room", string? carolsTwo = null) => new()
    {
        ["alice"] = ["Welcome to the chat server!", "You joined room main", joined, one, two],
        ["bob"] = ["Welcome to the chat server!", "You joined room main"],
        ["carol"] = ["Welcome to the chat server!", "You joined room main", "--- 2 earlier messages in main ---", one, carolsTwo ?? two, "--- end of history ---"],
    };

    [Fact]
    public void Real_stamps_in_the_drawn_order_pass()
    {
        Assert.Null(WireVerdict.FirstDifference(Talk, Heard("[08:15:03] bob: one", "[08:15:04] bob: two")));
        // Two columns can fall in one real second, and a real second can roll over midnight.
        Assert.Null(WireVerdict.FirstDifference(Talk, Heard("[08:15:03] bob: one", "[08:15:03] bob: two")));
        Assert.Null(WireVerdict.FirstDifference(Talk, Heard("[23:59:59] bob: one", "[00:00:00] bob: two", joined: "[23:59:59] bob joined the room")));
    }

    [Fact]
    public void Different_words_fail_at_the_first_differing_line()
    {
        var heard = Heard("[08:15:03] bob: one", "[08:15:04] bob: too");

        Assert.Equal("alice, line 5: expected \"[12:00:06] bob: two\", received \"[08:15:04] bob: too\"", WireVerdict.FirstDifference(Talk, heard));
    }

    [Fact]
    public void A_stamp_of_the_wrong_shape_fails()
    {
        Assert.StartsWith("alice, line 4:", WireVerdict.FirstDifference(Talk, Heard("[8:15:03] bob: one", "[08:15:04] bob: two")), StringComparison.Ordinal);
        Assert.StartsWith("alice, line 4:", WireVerdict.FirstDifference(Talk, Heard("[24:15:03] bob: one", "[08:15:04] bob: two")), StringComparison.Ordinal);
        Assert.StartsWith("alice, line 4:", WireVerdict.FirstDifference(Talk, Heard("bob: one", "[08:15:04] bob: two")), StringComparison.Ordinal);
    }

    [Fact]
    public void Stamps_that_run_backwards_where_the_drawing_runs_forward_fail()
    {
        var difference = WireVerdict.FirstDifference(Talk, Heard("[08:15:05] bob: one", "[08:15:04] bob: two"));

        Assert.Equal("alice, line 5: \"[08:15:04] bob: two\" is stamped before line 4, \"[08:15:05] bob: one\"; the diagram has it the other way", difference);
    }

    [Fact]
    public void One_event_stamped_differently_for_two_people_fails()
    {
        var difference = WireVerdict.FirstDifference(Talk, Heard("[08:15:03] bob: one", "[08:15:04] bob: two", carolsTwo: "[08:15:05] bob: two"));

        Assert.Equal("carol, line 5: received \"[08:15:05] bob: two\", but alice received the same line as \"[08:15:04] bob: two\"", difference);
    }

    [Fact]
    public void A_missing_hangup_or_a_surplus_line_fails()
    {
        var surplus = Heard("[08:15:03] bob: one", "[08:15:04] bob: two");
        surplus["bob"] = [.. surplus["bob"], "[08:15:04] alice: hi"];
        var hungUp = Heard("[08:15:03] bob: one", "[08:15:04] bob: two");
        hungUp["bob"] = [.. hungUp["bob"], null];

        Assert.Equal("bob, line 3: expected nothing more, received \"[08:15:04] alice: hi\"", WireVerdict.FirstDifference(Talk, surplus));
        Assert.Equal("bob, line 3: expected nothing more, received the server closing the connection", WireVerdict.FirstDifference(Talk, hungUp));
    }
}
