using System.Reflection;
using RxChat.Protocol;

namespace RxChat.Tests.Protocol;

/// <summary>The wording's shapes: what the server renders, the client recognises, hole for hole.</summary>
public sealed class LineShapeTests
{
    public static IEnumerable<object[]> EveryServerLine() =>
        typeof(ServerLines).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.FieldType == typeof(LineShape))
            .Select(f => new object[] { f.Name });

    [Theory]
    [MemberData(nameof(EveryServerLine))]
    public void Every_server_line_renders_and_is_recognised_with_the_same_values(string name)
    {
        var shape = (LineShape)typeof(ServerLines).GetField(name)!.GetValue(null)!;
        var values = shape.Holes.Select(hole => hole switch
        {
            "time" => "12:34:56",
            "count" or "max" or "min" or "seconds" => "42",
            "from" or "to" or "user" or "leader" => $"a-{hole}", // names have no spaces
            _ => $"some {hole}",
        }).ToArray();

        var line = shape.Render(values);

        Assert.True(shape.TryMatch(line, out var matched), $"{name} does not recognise its own line \"{line}\"");
        Assert.Equal(values, matched);
        Assert.DoesNotContain('{', line);
    }

    [Fact]
    public void A_hole_takes_as_little_as_it_can_and_the_last_one_the_rest()
    {
        Assert.True(ServerLines.Chat.TryMatch("[12:00:00] bob: x: y [12:00:01] eve: z", out var chat));
        Assert.Equal(["12:00:00", "bob", "x: y [12:00:01] eve: z"], chat);
        Assert.True(ServerLines.Left.TryMatch("[12:00:00] the left the room one left the room two", out var left));
        Assert.Equal(["12:00:00", "the", "one left the room two"], left);
    }

    [Fact]
    public void Holes_with_their_own_pattern_only_match_it()
    {
        Assert.False(ServerLines.Chat.Matches("[red] bob: hi"));
        Assert.False(ServerLines.HistoryStart.Matches("--- many earlier messages in main ---"));
        Assert.True(ServerLines.HistoryStart.Matches("--- 12 earlier messages in main ---"));
    }

    [Fact]
    public void Part_one_lines_are_the_original_bytes()
    {
        Assert.Equal("Welcome to the chat server!", ServerLines.Welcome.Render());
        Assert.Equal("[09:05:01] bob: hello", ServerLines.Chat.Render("09:05:01", "bob", "hello"));
        Assert.Equal("[09:05:01] bob joined the room", ServerLines.Joined.Render("09:05:01", "bob"));
        Assert.Equal("[09:05:01] bob left the room main", ServerLines.Left.Render("09:05:01", "bob", "main"));
        Assert.Equal("Leader of room main: alice", ServerLines.LeaderOf.Render("main", "alice"));
        Assert.Equal("Join a room first using /join <room>", ServerLines.JoinARoomFirst.Render());
    }

    [Fact]
    public void Rendering_with_the_wrong_number_of_values_is_a_bug_said_plainly()
    {
        var error = Assert.Throws<ArgumentException>(() => ServerLines.Chat.Render("12:00:00", "bob"));
        Assert.Contains("3 holes", error.Message);
    }
}
