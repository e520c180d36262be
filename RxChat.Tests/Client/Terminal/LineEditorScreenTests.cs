using RxChat.Client.Input;
using RxChat.Client.Lines;
using RxChat.Client.Rendering;
using RxChat.Client.Terminal;

namespace RxChat.Tests.Client.Terminal;

/// <summary>
/// The line editor on a virtual terminal: a message that arrives while the user is typing
/// is printed above the input row, the prompt and the half-typed line come back below it,
/// cursor where it was, and a resize leaves no fragment behind.
/// </summary>
public class LineEditorScreenTests
{
    private readonly VirtualTerminal _terminal = new(30);
    private readonly Screen _screen;
    private readonly LineEditor _editor;

    public LineEditorScreenTests()
    {
        _screen = new Screen(_terminal, LineFormatter.Plain, _terminal, LineFormatter.Plain);
        _editor = new LineEditor(_screen, () => throw new InvalidOperationException("keys are pressed by the test"),
            () => _terminal.Width, () => ["alice", "bob"]);
        _screen.Attach(_editor);
    }

    private void Type(string text)
    {
        for (var i = 0; i < text.Length; i++)
            _editor.Press(new ConsoleKeyInfo(text[i], ConsoleKey.NoName, false, false, false));
    }

    private (EditOutcome, string) Press(ConsoleKey key, bool control = false, bool alt = false) =>
        _editor.Press(new ConsoleKeyInfo(key == ConsoleKey.Enter ? '\r' : '\0', key, false, alt, control));

    private void Receive(string line) => _screen.Show(ServerLineClassifier.Classify(line));

    [Fact]
    public void The_prompt_is_on_the_bottom_row()
    {
        Assert.Equal([">"], _terminal.Rows);   // rows are shown without trailing blanks
        Assert.Equal((0, 2), (_terminal.CursorRow, _terminal.CursorColumn));
    }

    [Fact]
    public void An_incoming_line_goes_above_the_half_typed_input()
    {
        Type("half typ");
        Receive("[12:34:56] bob: Hello!");
        Type("ed");

        Assert.Equal(["[12:34:56] bob: Hello!", "> half typed"], _terminal.Rows);
        Assert.Equal((1, 12), (_terminal.CursorRow, _terminal.CursorColumn));
    }

    [Fact]
    public void The_cursor_comes_back_to_the_middle_of_the_line()
    {
        Type("abcd");
        Press(ConsoleKey.LeftArrow);
        Press(ConsoleKey.LeftArrow);
        Receive("Users: a, b");

        Assert.Equal(["Users: a, b", "> abcd"], _terminal.Rows);
        Assert.Equal((1, 4), (_terminal.CursorRow, _terminal.CursorColumn));
    }

    [Fact]
    public void A_shorter_redraw_leaves_no_leftovers()
    {
        Type("a long line that will be cleared");
        Press(ConsoleKey.U, control: true);
        Type("x");
        Receive("Unknown command");

        Assert.Equal(["Unknown command", "> x"], _terminal.Rows);
    }

    [Fact]
    public void Clearing_a_line_of_emoji_and_cjk_leaves_no_stray_cells()
    {
        Type("👍🏽 日本語 👨‍👩‍👧 ok");
        Press(ConsoleKey.U, control: true);

        Assert.Equal([">"], _terminal.Rows);
        Assert.Equal(2, _terminal.CursorColumn);
    }

    [Fact]
    public void The_cursor_stands_after_wide_characters_where_the_terminal_drew_them()
    {
        Type("日本👍🏽x");
        Press(ConsoleKey.LeftArrow);
        Press(ConsoleKey.LeftArrow);

        Assert.Equal(["> 日本👍🏽x"], _terminal.Rows);
        Assert.Equal(2 + 4, _terminal.CursorColumn);   // after 日本, before the thumbs-up with its skin tone
    }

    [Fact]
    public void A_terminal_that_draws_skin_tones_apart_never_wraps_the_row()
    {
        var terminal = new VirtualTerminal(30, joinsEmoji: false);
        var screen = new Screen(terminal, LineFormatter.Plain, terminal, LineFormatter.Plain);
        var editor = new LineEditor(screen, () => throw new InvalidOperationException(), () => terminal.Width);
        screen.Attach(editor);
        foreach (var c in string.Concat(Enumerable.Repeat("👍🏽👨‍👩‍👧", 10)))
            editor.Press(new ConsoleKeyInfo(c, ConsoleKey.NoName, false, false, false));

        Assert.Single(terminal.Rows);
        Assert.True(terminal.CursorColumn < 30);
        editor.Press(new ConsoleKeyInfo('\0', ConsoleKey.U, false, false, true));
        Assert.Equal([">"], terminal.Rows);
    }

    [Fact]
    public void Warnings_to_standard_error_also_keep_the_input_row()
    {
        Type("draft");
        _screen.Warn(LocalLines.Notice("Reconnecting in 1 s…"));

        Assert.Equal(["Reconnecting in 1 s…", "> draft"], _terminal.Rows);
    }

    [Fact]
    public void A_line_wider_than_the_terminal_scrolls_sideways_with_a_mark_for_the_hidden_part()
    {
        const string text = "0123456789abcdefghijklmnopqrstuvwxyz";
        Type(text);
        Receive("Slow down");

        // 30 columns: the prompt, 27 for the text, its marks and its cursor, the last column
        // kept free so the terminal never wraps. The cursor is at the end: « and 24 characters.
        Assert.Equal(["Slow down", "> «" + text[^24..]], _terminal.Rows);
        Assert.Equal(27, _terminal.CursorColumn);

        Press(ConsoleKey.Home);
        Assert.Equal("> " + text[..25] + "»", _terminal.Rows[^1]);
        Assert.Equal(2, _terminal.CursorColumn);
    }

    [Fact]
    public void Narrowing_and_widening_the_window_leaves_no_fragment_of_the_input()
    {
        var terminal = new VirtualTerminal(100);
        var screen = new Screen(terminal, LineFormatter.Plain, terminal, LineFormatter.Plain);
        var editor = new LineEditor(screen, () => throw new InvalidOperationException(), () => terminal.Width);
        screen.Attach(editor);
        screen.Show(ServerLineClassifier.Classify("[10:47:00] dave: before"));
        var typed = "a line of ninety characters that is typed in a window of a hundred and then shrinks to forty";
        foreach (var c in typed) editor.Press(new ConsoleKeyInfo(c, ConsoleKey.NoName, false, false, false));

        terminal.Resize(40);   // the terminal rewraps the 92-cell row into three
        screen.Redraw();
        Assert.Equal(["[10:47:00] dave: before", "> «" + typed[^34..]], terminal.Rows);

        terminal.Resize(100);
        screen.Redraw();
        screen.Show(ServerLineClassifier.Classify("[10:47:16] dave joined the room"));

        Assert.Equal(["[10:47:00] dave: before", "[10:47:16] dave joined the room", "> " + typed], terminal.Rows);
        Assert.Equal((2, 2 + typed.Length), (terminal.CursorRow, terminal.CursorColumn));
    }

    [Fact]
    public void A_resize_before_the_input_row_is_there_draws_nothing()
    {
        var terminal = new VirtualTerminal(40);
        var screen = new Screen(terminal, LineFormatter.Plain, terminal, LineFormatter.Plain);
        screen.Show(LocalLines.Notice("waiting for the welcome"));
        terminal.Resize(30);
        screen.Redraw();

        Assert.Equal(["waiting for the welcome", ""], terminal.Rows);
    }

    [Fact]
    public void The_prompt_follows_the_room_and_keeps_the_typed_line()
    {
        Type("hi");
        _screen.Prompt(LocalLines.Prompt("alice", "main"));

        Assert.Equal(["[main] alice> hi"], _terminal.Rows);
        Assert.Equal(16, _terminal.CursorColumn);
    }

    [Fact]
    public void Enter_hands_over_the_line_and_leaves_an_empty_prompt()
    {
        Type("/join main");
        Assert.Equal((EditOutcome.Submit, "/join main"), Press(ConsoleKey.Enter));
        _screen.Show(LocalLines.OwnCommand("/join main"));
        Receive("You joined room main");

        Assert.Equal(["> /join main", "You joined room main", ">"], _terminal.Rows);
    }

    [Fact]
    public void A_line_over_the_servers_limit_stays_in_the_editor_with_a_warning()
    {
        var terminal = new VirtualTerminal(200);
        var screen = new Screen(terminal, LineFormatter.Plain, terminal, LineFormatter.Plain);
        var editor = new LineEditor(screen, () => throw new InvalidOperationException(), () => terminal.Width);
        screen.Attach(editor);
        var tooLong = new string('é', 2100);   // 4,200 bytes in UTF-8
        foreach (var c in tooLong) editor.Press(new ConsoleKeyInfo(c, ConsoleKey.NoName, false, false, false));

        var (outcome, submitted) = editor.Press(new ConsoleKeyInfo('\r', ConsoleKey.Enter, false, false, false));

        Assert.Equal((EditOutcome.TooLong, ""), (outcome, submitted));
        Assert.StartsWith("Not sent: the line is 4,200 bytes, the server takes at most 4,096.", terminal.Rows[0]);
        Assert.EndsWith(new string('é', 20), terminal.Rows[1]);   // still there, every character of it

        editor.Press(new ConsoleKeyInfo('\0', ConsoleKey.Backspace, false, false, false));
        for (var i = 0; i < 51; i++) editor.Press(new ConsoleKeyInfo('\0', ConsoleKey.Backspace, false, false, false));
        Assert.Equal((EditOutcome.Submit, new string('é', 2048)), editor.Press(new ConsoleKeyInfo('\r', ConsoleKey.Enter, false, false, false)));
    }

    /// <summary>Every editing key on the screen, over a line with CJK and an emoji with a skin tone; <c>|</c> is the cursor.</summary>
    [Theory]
    [InlineData("日本 👍🏽 go| on", "LeftArrow", "日本 👍🏽 g|o on")]
    [InlineData("日本 👍🏽 go| on", "RightArrow", "日本 👍🏽 go |on")]
    [InlineData("日本 👍🏽| go on", "LeftArrow", "日本 |👍🏽 go on")]
    [InlineData("日本 👍🏽 go| on", "Home", "|日本 👍🏽 go on")]
    [InlineData("日本 👍🏽 go| on", "End", "日本 👍🏽 go on|")]
    [InlineData("日本 👍🏽 go| on", "Ctrl+A", "|日本 👍🏽 go on")]
    [InlineData("日本 👍🏽 go| on", "Ctrl+E", "日本 👍🏽 go on|")]
    [InlineData("日本 👍🏽 go| on", "Ctrl+B", "日本 👍🏽 g|o on")]
    [InlineData("日本| 👍🏽 go on", "Ctrl+F", "日本 |👍🏽 go on")]
    [InlineData("日本 👍🏽 go| on", "Ctrl+LeftArrow", "日本 👍🏽 |go on")]
    [InlineData("日本 |👍🏽 go on", "Ctrl+RightArrow", "日本 👍🏽| go on")]
    [InlineData("日本 👍🏽 go| on", "Alt+B", "日本 👍🏽 |go on")]
    [InlineData("日本 |👍🏽 go on", "Alt+F", "日本 👍🏽| go on")]
    [InlineData("日本 👍🏽| go on", "Backspace", "日本 | go on")]
    [InlineData("日本 |👍🏽 go on", "Delete", "日本 | go on")]
    [InlineData("日本 |👍🏽 go on", "Ctrl+D", "日本 | go on")]
    [InlineData("日本 👍🏽 go| on", "Ctrl+W", "日本 👍🏽 | on")]
    [InlineData("日本 👍🏽 go| on", "Alt+Backspace", "日本 👍🏽 | on")]
    [InlineData("日本 |👍🏽 go on", "Alt+D", "日本 | go on")]
    [InlineData("日本 👍🏽 go| on", "Ctrl+K", "日本 👍🏽 go|")]
    [InlineData("日本 👍🏽 go| on", "Ctrl+U", "|")]
    public void Every_editing_key_on_a_line_with_wide_characters(string before, string key, string after)
    {
        var text = before.Replace("|", "");
        Type(text);
        var stepsBack = System.Globalization.StringInfo.ParseCombiningCharacters(text).Count(i => i >= before.IndexOf('|'));
        for (var i = 0; i < stepsBack; i++) Press(ConsoleKey.LeftArrow);

        var control = key.StartsWith("Ctrl+");
        var alt = key.StartsWith("Alt+");
        var name = key[(key.IndexOf('+') + 1)..];
        Press(Enum.Parse<ConsoleKey>(name), control, alt);

        var expected = after.Replace("|", "");
        Assert.Equal(("> " + expected).TrimEnd(), _terminal.Rows[^1]);
        Assert.Equal(2 + CellsOnScreen(after[..after.IndexOf('|')]), _terminal.CursorColumn);
    }

    /// <summary>Cells as the virtual terminal draws them: two for CJK and for an emoji with its skin tone.</summary>
    private static int CellsOnScreen(string text) =>
        text.Replace("👍🏽", "..").Replace("日", "..").Replace("本", "..").Length;

    [Fact]
    public void Up_and_down_walk_the_lines_sent_this_session_and_come_back_to_the_draft()
    {
        Type("first"); Press(ConsoleKey.Enter);
        Type("second"); Press(ConsoleKey.Enter);
        Type("draft");

        Press(ConsoleKey.UpArrow);
        Assert.Equal("> second", _terminal.Rows[^1]);
        Press(ConsoleKey.UpArrow);
        Press(ConsoleKey.UpArrow);   // already at the oldest
        Assert.Equal("> first", _terminal.Rows[^1]);
        Press(ConsoleKey.DownArrow);
        Press(ConsoleKey.DownArrow);
        Assert.Equal("> draft", _terminal.Rows[^1]);
        Assert.Equal(7, _terminal.CursorColumn);
    }

    [Fact]
    public void Tab_completes_a_name_seen_in_the_chat()
    {
        Type("al");
        Press(ConsoleKey.Tab);
        Type("hi");

        Assert.Equal("> alice: hi", _terminal.Rows[^1]);
    }

    [Fact]
    public void Word_keys_work_on_the_screen_too()
    {
        Type("one two three");
        Press(ConsoleKey.LeftArrow, control: true);
        Press(ConsoleKey.W, control: true);
        Assert.Equal(("> one three", 6), (_terminal.Rows[^1], _terminal.CursorColumn));

        Press(ConsoleKey.B, alt: true);
        Press(ConsoleKey.F, alt: true);
        Press(ConsoleKey.K, control: true);
        Assert.Equal(("> one", 5), (_terminal.Rows[^1], _terminal.CursorColumn));
    }

    [Fact]
    public void Detaching_clears_the_input_row_for_the_shell()
    {
        Type("unsent");
        _screen.Detach();

        Assert.Equal([""], _terminal.Rows);
        Assert.Equal(0, _terminal.CursorColumn);
    }
}
