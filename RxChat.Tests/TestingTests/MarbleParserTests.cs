using RxChat.Tests.Testing.Marbles;

namespace RxChat.Tests.TestingTests;

/// <summary>How a single-stream marble string is read into frames.</summary>
public class MarbleParserTests
{
    private static string Frames(string marbles, bool hot = true) =>
        string.Join(" ", StreamMarbleParser.Parse(marbles, hot).Select(e => $"{e.Symbol}@{e.Frame}"));

    [Theory]
    [InlineData("--a--b|", "a@2 b@5 |@6")]
    [InlineData("a 1 - b", "a@0 1@1 b@3")]                   // spaces take no time
    [InlineData("-(ab)-c", "a@1 b@1 c@6")]                   // a group takes its '(' frame, and one frame per character
    [InlineData("(a|)", "a@0 |@0")]
    [InlineData("--#", "#@2")]
    [InlineData("-{40}a", "a@40")]                           // long gap
    [InlineData("a-{3}-b", "a@0 b@5")]
    [InlineData("--a-^-b|", "a@-2 b@2 |@3")]                 // '^' is frame 0
    [InlineData("-|--", "|@1")]                              // silence may follow the end
    [InlineData("", "")]
    public void Reads_each_symbol_at_its_frame(string marbles, string expected) =>
        Assert.Equal(expected, Frames(marbles));

    [Theory]
    [InlineData("--a(b", 4, "never closed")]
    [InlineData("--a)b", 4, "')' without a '('")]
    [InlineData("-((a))", 3, "cannot be nested")]
    [InlineData("-()", 3, "empty group")]
    [InlineData("(a-b)", 3, "'-' inside a group")]
    [InlineData("--a|b", 5, "after the stream ended at column 4")]
    [InlineData("#|", 2, "after the stream ended at column 1")]
    [InlineData("--a*", 4, "unexpected '*'")]
    [InlineData("^-^", 3, "a second '^'")]
    [InlineData("-{x}a", 3, "whole number of frames")]
    [InlineData("-{0}a", 3, "whole number of frames")]
    [InlineData("a-{12", 3, "no closing '}'")]
    [InlineData("a{3}", 2, "unexpected '{'")]
    public void Malformed_marbles_name_the_column_and_what_was_expected(string marbles, int column, string problem)
    {
        var error = Assert.Throws<MarbleSyntaxException>(() => StreamMarbleParser.Parse(marbles, allowSubscriptionPoint: true));

        Assert.Equal(column, error.Column);
        Assert.Contains(problem, error.Message);
        Assert.Contains($"column {column}", error.Message);
    }

    [Fact]
    public void A_cold_stream_has_no_subscription_point()
    {
        var error = Assert.Throws<MarbleSyntaxException>(() => StreamMarbleParser.Parse("-^a", allowSubscriptionPoint: false));
        Assert.Equal(2, error.Column);
    }

    [Fact]
    public void The_error_message_points_at_the_column_under_the_marbles()
    {
        var error = Assert.Throws<MarbleSyntaxException>(() => StreamMarbleParser.Parse("--a*", true));
        var lines = error.Message.Split(Environment.NewLine);

        Assert.Equal("  --a*", lines[1]);
        Assert.Equal("     ^", lines[2]);
    }

    [Theory]
    [InlineData("^--!", 0L, 3L)]
    [InlineData("--^", 2L, null)]
    [InlineData("-(^!)", 1L, 1L)]
    [InlineData("^ -{10} !", 0L, 11L)]
    public void Reads_subscription_marbles(string marbles, long subscribe, long? unsubscribe) =>
        Assert.Equal((subscribe, unsubscribe), SubscriptionMarbleParser.Parse(marbles));

    [Theory]
    [InlineData("--!", 3, "before '^'")]
    [InlineData("^-^", 3, "a second '^'")]
    [InlineData("^-a", 3, "unexpected 'a'")]
    [InlineData("---", 4, "no '^'")]
    public void Malformed_subscription_marbles_name_the_column(string marbles, int column, string problem)
    {
        var error = Assert.Throws<MarbleSyntaxException>(() => SubscriptionMarbleParser.Parse(marbles));

        Assert.Equal(column, error.Column);
        Assert.Contains(problem, error.Message);
    }

    [Theory]
    [InlineData("--a--b|")]
    [InlineData("-(ab)-c")]
    [InlineData("(a|)")]
    [InlineData("a-{25}b#")]
    public void Drawing_what_was_read_gives_the_marbles_back(string marbles)
    {
        var events = StreamMarbleParser.Parse(marbles, true);

        Assert.Equal(marbles, MarbleRenderer.Render(events.Select(e => (e.Frame, e.Symbol))));
    }

    [Fact]
    public void A_timeline_RxJS_notation_cannot_write_is_not_drawn()
    {
        // b and c share frame 2, so the group takes frames 2 to 5; d at frame 3 cannot be written after it.
        Assert.Null(MarbleRenderer.Render(new[] { (2L, 'b'), (2L, 'c'), (3L, 'd') }));
    }
}
