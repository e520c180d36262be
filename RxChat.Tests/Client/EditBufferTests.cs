using RxChat.Client.Input;

namespace RxChat.Tests.Client;

/// <summary>The line editor's key bindings, without a terminal.</summary>
public class EditBufferTests
{
    private static ConsoleKeyInfo Char(char c) => new(c, ConsoleKey.NoName, false, false, false);
    private static ConsoleKeyInfo Key(ConsoleKey key, bool control = false) =>
        new(key == ConsoleKey.Enter ? '\r' : '\0', key, false, false, control);

    private static (EditBuffer Buffer, string Outcome) Type(EditBuffer start, params ConsoleKeyInfo[] keys)
    {
        var buffer = start;
        var outcome = EditOutcome.Editing;
        foreach (var key in keys) (buffer, outcome) = buffer.Apply(key);
        return (buffer, outcome.ToString());
    }

    private static ConsoleKeyInfo[] Text(string text) => text.Select(Char).ToArray();

    [Fact]
    public void Typing_inserts_at_the_cursor()
    {
        var (buffer, _) = Type(EditBuffer.Empty, [.. Text("helo"), Key(ConsoleKey.LeftArrow), Char('l')]);
        Assert.Equal(("hello", 4), (buffer.Text, buffer.Cursor));
    }

    [Fact]
    public void Backspace_and_delete_remove_around_the_cursor()
    {
        var start = new EditBuffer("abcd", 2);
        Assert.Equal(new EditBuffer("acd", 1), Type(start, Key(ConsoleKey.Backspace)).Buffer);
        Assert.Equal(new EditBuffer("abd", 2), Type(start, Key(ConsoleKey.Delete)).Buffer);
        Assert.Equal(new EditBuffer("", 0), Type(EditBuffer.Empty, Key(ConsoleKey.Backspace)).Buffer);
    }

    [Fact]
    public void Home_end_and_arrows_move_the_cursor_within_the_line()
    {
        var start = new EditBuffer("abc", 1);
        Assert.Equal(0, Type(start, Key(ConsoleKey.Home)).Buffer.Cursor);
        Assert.Equal(3, Type(start, Key(ConsoleKey.End)).Buffer.Cursor);
        Assert.Equal(0, Type(start, Key(ConsoleKey.A, control: true)).Buffer.Cursor);
        Assert.Equal(3, Type(start, Key(ConsoleKey.E, control: true)).Buffer.Cursor);
        Assert.Equal(0, Type(start, Key(ConsoleKey.LeftArrow), Key(ConsoleKey.LeftArrow)).Buffer.Cursor);
        Assert.Equal(3, Type(start, Key(ConsoleKey.RightArrow), Key(ConsoleKey.RightArrow), Key(ConsoleKey.RightArrow)).Buffer.Cursor);
    }

    [Fact]
    public void Enter_submits_the_line()
    {
        var (buffer, outcome) = Type(EditBuffer.Empty, [.. Text("/join main"), Key(ConsoleKey.Enter)]);
        Assert.Equal((nameof(EditOutcome.Submit), "/join main"), (outcome, buffer.Text));
    }

    [Fact]
    public void Ctrl_c_interrupts_and_ctrl_d_ends_input_only_on_an_empty_line()
    {
        Assert.Equal(nameof(EditOutcome.Interrupt), Type(new EditBuffer("x", 1), Key(ConsoleKey.C, control: true)).Outcome);
        Assert.Equal(nameof(EditOutcome.EndOfInput), Type(EditBuffer.Empty, Key(ConsoleKey.D, control: true)).Outcome);
        Assert.Equal((nameof(EditOutcome.Editing), "b"), Type(new EditBuffer("ab", 0), Key(ConsoleKey.D, control: true)) is var (b, o) ? (o, b.Text) : default);
    }

    [Fact]
    public void Ctrl_u_clears_the_line()
    {
        Assert.Equal(EditBuffer.Empty, Type(new EditBuffer("abc", 2), Key(ConsoleKey.U, control: true)).Buffer);
    }

    [Fact]
    public void Keys_without_text_and_control_characters_are_not_inserted()
    {
        var (buffer, _) = Type(EditBuffer.Empty, Key(ConsoleKey.F1), Key(ConsoleKey.Escape), Char('\u001b'), Char('\u0007'), Key(ConsoleKey.UpArrow));
        Assert.Equal(EditBuffer.Empty, buffer);
    }

    [Fact]
    public void The_cursor_and_deletions_never_split_an_emoji_or_an_accent()
    {
        var text = "a👋e\u0301b";   // a, a surrogate pair, e + combining acute, b
        var (buffer, _) = Type(new EditBuffer(text, text.Length), Key(ConsoleKey.LeftArrow), Key(ConsoleKey.LeftArrow));
        Assert.Equal(3, buffer.Cursor);   // before "é", after the whole emoji
        Assert.Equal(new EditBuffer("ae\u0301b", 1), Type(buffer, Key(ConsoleKey.Backspace)).Buffer);
        Assert.Equal(new EditBuffer("a👋b", 3), Type(buffer, Key(ConsoleKey.Delete)).Buffer);
    }

    [Fact]
    public void An_emoji_typed_as_two_keys_arrives_whole()
    {
        var (buffer, _) = Type(EditBuffer.Empty, Text("👋"));
        Assert.Equal(new EditBuffer("👋", 2), buffer);
    }

    [Fact]
    public void The_line_is_bounded()
    {
        var full = new EditBuffer(new string('x', EditBuffer.MaxLength), EditBuffer.MaxLength);
        Assert.Equal(full, Type(full, Char('y')).Buffer);
    }
}

public class InputViewTests
{
    [Fact]
    public void A_short_line_is_shown_whole()
    {
        Assert.Equal(new InputView("hello", 3, 5), InputView.Of(new EditBuffer("hello", 3), room: 10));
    }

    [Fact]
    public void A_long_line_scrolls_so_the_cursor_stays_visible()
    {
        var text = "abcdefghijklmnopqrstuvwxyz";
        Assert.Equal(new InputView("qrstuvwxyz", 10, 10), InputView.Of(new EditBuffer(text, 26), room: 11));
        Assert.Equal(new InputView("abcdefghijk", 0, 11), InputView.Of(new EditBuffer(text, 0), room: 11));
        Assert.Equal(new InputView("efghijklmno", 10, 11), InputView.Of(new EditBuffer(text, 14), room: 11));
    }

    [Fact]
    public void Wide_characters_take_two_cells()
    {
        // 日本語 is six cells; the emoji two; the cursor after "日本".
        Assert.Equal(new InputView("日本語 👋", 4, 9), InputView.Of(new EditBuffer("日本語 👋", 2), room: 20));
        // Scrolled: only whole characters are shown, never half of a wide one.
        Assert.Equal(new InputView("語x", 3, 3), InputView.Of(new EditBuffer("日本語x", 4), room: 4));
    }
}
