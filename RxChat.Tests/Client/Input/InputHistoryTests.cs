using RxChat.Client.Input;

namespace RxChat.Tests.Client.Input;

public class InputHistoryTests
{
    private static InputHistory With(params string[] lines) => lines.Aggregate(InputHistory.Empty, (h, l) => h.Add(l));

    [Fact]
    public void Up_goes_back_and_down_returns_to_the_draft()
    {
        var history = With("one", "two");
        var (h1, l1) = history.Up("draft")!.Value;
        var (h2, l2) = h1.Up("two")!.Value;
        Assert.Equal(("two", "one"), (l1, l2));
        Assert.Null(h2.Up("one"));

        var (h3, l3) = h2.Down()!.Value;
        var (h4, l4) = h3.Down()!.Value;
        Assert.Equal(("two", "draft"), (l3, l4));
        Assert.Null(h4.Down());
    }

    [Fact]
    public void A_repeated_line_is_kept_once_and_the_history_is_bounded()
    {
        Assert.Equal(["a", "b"], With("a", "b", "b").Lines);
        var full = Enumerable.Range(0, InputHistory.MaxLines + 5).Select(i => $"line {i}").Aggregate(InputHistory.Empty, (h, l) => h.Add(l));
        Assert.Equal(InputHistory.MaxLines, full.Lines.Count);
        Assert.Equal("line 5", full.Lines[0]);
    }
}
