using RxChat.Client.Input;

namespace RxChat.Tests.Client.Input;

/// <summary>The line editor's key bindings, without a terminal.</summary>
public class EditBufferTests
{
    private static ConsoleKeyInfo Char(char c) => new(c, ConsoleKey.NoName, false, false, false);
    private static ConsoleKeyInfo Key(ConsoleKey key, bool control = false, bool alt = false) =>
        new(key == ConsoleKey.Enter ? '\r' : '\0', key, false, alt, control);

    /// <summary>Alt+letter as .NET reports it: the letter's key and character, with the Alt modifier.</summary>
    private static ConsoleKeyInfo Alt(char letter) => new(letter, ConsoleKey.A + (letter - 'a'), false, true, false);

    private static (EditBuffer Buffer, string Outcome) Type(EditBuffer start, params ConsoleKeyInfo[] keys)
    {
        var buffer = start;
        var outcome = EditOutcome.Editing;
        foreach (var key in keys) (buffer, outcome) = buffer.Apply(key);
        return (buffer, outcome.ToString());
    }

    private static ConsoleKeyInfo[] Text(string text) => text.Select(Char).ToArray();

    /// <summary>A line with the cursor marked by <c>|</c>.</summary>
    private static EditBuffer At(string marked) => new(marked.Replace("|", ""), marked.IndexOf('|'));

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
        Assert.Equal(0, Type(start, Key(ConsoleKey.B, control: true)).Buffer.Cursor);
        Assert.Equal(2, Type(start, Key(ConsoleKey.F, control: true)).Buffer.Cursor);
        Assert.Equal(0, Type(start, Key(ConsoleKey.LeftArrow), Key(ConsoleKey.LeftArrow)).Buffer.Cursor);
        Assert.Equal(3, Type(start, Key(ConsoleKey.RightArrow), Key(ConsoleKey.RightArrow), Key(ConsoleKey.RightArrow)).Buffer.Cursor);
    }

    [Theory]
    [InlineData("one two| three", "one | three")]
    [InlineData("one two |three", "one |three")]
    [InlineData("one   |", "|")]
    [InlineData("|one", "|one")]
    public void Ctrl_w_deletes_the_word_before_the_cursor(string before, string after)
    {
        Assert.Equal(At(after), Type(At(before), Key(ConsoleKey.W, control: true)).Buffer);
        Assert.Equal(At(after), Type(At(before), Key(ConsoleKey.Backspace, alt: true)).Buffer);
    }

    [Fact]
    public void Ctrl_k_deletes_to_the_end_of_the_line_and_alt_d_the_next_word()
    {
        Assert.Equal(At("one |"), Type(At("one |two three"), Key(ConsoleKey.K, control: true)).Buffer);
        Assert.Equal(At("one | three"), Type(At("one |two three"), Alt('d')).Buffer);
    }

    [Theory]
    [InlineData("one two thr|ee", "one two |three", "one two three|")]
    [InlineData("one |two", "|one two", "one two|")]
    [InlineData("  |", "|  ", "  |")]
    public void Alt_b_f_and_ctrl_left_right_move_by_word(string start, string back, string forward)
    {
        Assert.Equal(At(back), Type(At(start), Alt('b')).Buffer);
        Assert.Equal(At(back), Type(At(start), Key(ConsoleKey.LeftArrow, control: true)).Buffer);
        Assert.Equal(At(forward), Type(At(start), Alt('f')).Buffer);
        Assert.Equal(At(forward), Type(At(start), Key(ConsoleKey.RightArrow, control: true)).Buffer);
    }

    [Fact]
    public void Alt_with_a_letter_never_inserts_the_letter()
    {
        Assert.Equal(At("ab|"), Type(At("ab|"), Alt('x'), Alt('q')).Buffer);
    }

    [Fact]
    public void Enter_submits_the_line()
    {
        var (buffer, outcome) = Type(EditBuffer.Empty, [.. Text("/join main"), Key(ConsoleKey.Enter)]);
        Assert.Equal((nameof(EditOutcome.Submit), "/join main"), (outcome, buffer.Text));
    }

    [Fact]
    public void Enter_on_a_line_over_the_servers_limit_keeps_it_whole()
    {
        var exactly = new EditBuffer(new string('x', LineLimit.MaxBytes), LineLimit.MaxBytes);
        Assert.Equal(nameof(EditOutcome.Submit), Type(exactly, Key(ConsoleKey.Enter)).Outcome);

        var over = new EditBuffer(new string('é', 2100), 2100);   // 4,200 bytes
        var (buffer, outcome) = Type(over, Key(ConsoleKey.Enter));
        Assert.Equal((nameof(EditOutcome.TooLong), over), (outcome, buffer));
    }

    [Fact]
    public void Five_thousand_typed_characters_are_all_kept()
    {
        var (buffer, _) = Type(EditBuffer.Empty, Text(new string('x', 5000)));
        Assert.Equal(5000, buffer.Text.Length);
    }

    [Fact]
    public void Ctrl_c_interrupts_and_ctrl_d_ends_input_only_on_an_empty_line()
    {
        Assert.Equal(nameof(EditOutcome.Interrupt), Type(EditBuffer.Empty, Key(ConsoleKey.C, control: true)).Outcome);
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
    public void An_emoji_with_a_skin_tone_or_a_family_is_one_character_to_the_cursor()
    {
        var thumbs = "👍🏽";       // thumbs up + a skin-tone modifier: four UTF-16 units
        var family = "👨‍👩‍👧";   // three emoji joined by zero-width joiners
        var text = $"a{thumbs}{family}b";
        var (buffer, _) = Type(new EditBuffer(text, text.Length), Key(ConsoleKey.LeftArrow), Key(ConsoleKey.LeftArrow));
        Assert.Equal(1 + thumbs.Length, buffer.Cursor);
        Assert.Equal(new EditBuffer($"a{family}b", 1), Type(buffer, Key(ConsoleKey.Backspace)).Buffer);
        Assert.Equal(new EditBuffer($"a{thumbs}b", 1 + thumbs.Length), Type(buffer, Key(ConsoleKey.Delete)).Buffer);
    }

    [Fact]
    public void An_emoji_typed_as_two_keys_arrives_whole()
    {
        var (buffer, _) = Type(EditBuffer.Empty, Text("👋"));
        Assert.Equal(new EditBuffer("👋", 2), buffer);
    }

    [Fact]
    public void The_editor_is_bounded_far_above_the_servers_limit()
    {
        var full = new EditBuffer(new string('x', EditBuffer.MaxLength), EditBuffer.MaxLength);
        Assert.Equal(full, Type(full, Char('y')).Buffer);
        Assert.True(EditBuffer.MaxLength > LineLimit.MaxBytes);
    }
}
