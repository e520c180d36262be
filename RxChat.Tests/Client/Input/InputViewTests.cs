using RxChat.Client.Input;

namespace RxChat.Tests.Client.Input;

/// <summary>Which part of a long line is shown on one row, measured in terminal cells.</summary>
public class InputViewTests
{
    [Fact]
    public void A_short_line_is_shown_whole()
    {
        Assert.Equal(new InputView("hello", 3, 3, 5), InputView.Of(new EditBuffer("hello", 3), room: 10));
    }

    [Fact]
    public void A_long_line_scrolls_so_the_cursor_stays_visible_and_marks_what_is_hidden()
    {
        var text = "abcdefghijklmnopqrstuvwxyz";
        Assert.Equal(new InputView("stuvwxyz", 8, 8, 8, HiddenBefore: true), InputView.Of(new EditBuffer(text, 26), room: 11));
        Assert.Equal(new InputView("abcdefghi", 0, 0, 9, HiddenAfter: true), InputView.Of(new EditBuffer(text, 0), room: 11));
        Assert.Equal(new InputView("ghijklmno", 8, 8, 9, HiddenBefore: true, HiddenAfter: true),
            InputView.Of(new EditBuffer(text, 14), room: 11));
    }

    [Fact]
    public void Wide_characters_take_two_cells()
    {
        // 日本語 is six cells; the emoji two; the cursor after "日本".
        Assert.Equal(new InputView("日本語 👋", 2, 4, 9), InputView.Of(new EditBuffer("日本語 👋", 2), room: 20));
        // Scrolled: only whole characters are shown, never half of a wide one.
        Assert.Equal(new InputView("語x", 2, 3, 3, HiddenBefore: true), InputView.Of(new EditBuffer("日本語x", 4), room: 6));
    }

    [Theory]
    [InlineData("ae\u0301語", 4)]   // an accent joins its letter; CJK takes two
    [InlineData("👋", 2)]
    [InlineData("👍🏽", 4)]          // tmux 3.3 draws the skin tone apart: two and two
    [InlineData("👨‍👩‍👧", 6)]        // a terminal that does not join the family: three emoji
    [InlineData("❤️", 2)]           // the emoji presentation of a narrow heart
    public void Emoji_sequences_are_measured_as_wide_as_any_terminal_draws_them(string text, int cells) =>
        Assert.Equal(cells, TextElements.CellsOf(text));
}
