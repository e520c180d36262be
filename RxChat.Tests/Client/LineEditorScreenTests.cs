using RxChat.Client.Input;
using RxChat.Client.Lines;
using RxChat.Client.Rendering;
using RxChat.Client.Terminal;

namespace RxChat.Tests.Client;

/// <summary>
/// A message that arrives while the user is typing is printed above the input row, and
/// the prompt and the half-typed line come back below it, cursor where it was.
/// </summary>
public class LineEditorScreenTests
{
    private readonly VirtualTerminal _terminal = new();
    private readonly Screen _screen;
    private readonly LineEditor _editor;

    public LineEditorScreenTests()
    {
        _screen = new Screen(_terminal, LineFormatter.Plain, _terminal, LineFormatter.Plain);
        _editor = new LineEditor(_screen, () => throw new InvalidOperationException("keys are pressed by the test"), () => 30);
        _screen.Attach(_editor);
    }

    private void Type(string text)
    {
        foreach (var c in text) _editor.Press(new ConsoleKeyInfo(c, ConsoleKey.NoName, false, false, false));
    }

    private (EditOutcome, string) Press(ConsoleKey key, bool control = false) =>
        _editor.Press(new ConsoleKeyInfo(key == ConsoleKey.Enter ? '\r' : '\0', key, false, false, control));

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
    public void Warnings_to_standard_error_also_keep_the_input_row()
    {
        Type("draft");
        _screen.Warn(LocalLines.Notice("Reconnecting in 1 s…"));

        Assert.Equal(["Reconnecting in 1 s…", "> draft"], _terminal.Rows);
    }

    [Fact]
    public void A_line_wider_than_the_terminal_scrolls_sideways_on_one_row()
    {
        Type("0123456789abcdefghijklmnopqrstuvwxyz");
        Receive("Slow down");

        // 30 columns: the prompt, 27 for the text and its cursor, the last one kept free so
        // the terminal never wraps. The cursor is at the end, so 26 characters show.
        Assert.Equal(["Slow down", "> " + "0123456789abcdefghijklmnopqrstuvwxyz"[^26..]], _terminal.Rows);
        Assert.Equal(28, _terminal.CursorColumn);
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
    public void Detaching_clears_the_input_row_for_the_shell()
    {
        Type("unsent");
        _screen.Detach();

        Assert.Equal([""], _terminal.Rows);
        Assert.Equal(0, _terminal.CursorColumn);
    }
}
