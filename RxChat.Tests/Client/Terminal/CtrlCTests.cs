using RxChat.Client.Input;
using RxChat.Client.Rendering;
using RxChat.Client.Terminal;

namespace RxChat.Tests.Client.Terminal;

/// <summary>Ctrl+C in the line editor: on a typed line it clears the line, on an empty one it leaves.</summary>
public class CtrlCTests
{
    private static readonly ConsoleKeyInfo CtrlC = new('\u0003', ConsoleKey.C, false, false, true);

    private readonly VirtualTerminal _terminal = new(30);
    private readonly LineEditor _editor;

    public CtrlCTests()
    {
        var screen = new Screen(_terminal, LineFormatter.Plain, _terminal, LineFormatter.Plain);
        _editor = new LineEditor(screen, () => throw new InvalidOperationException("keys are pressed by the test"), () => _terminal.Width);
        screen.Attach(_editor);
    }

    private void Type(string text)
    {
        foreach (var c in text) _editor.Press(new ConsoleKeyInfo(c, ConsoleKey.NoName, false, false, false));
    }

    [Fact]
    public void On_a_typed_line_it_clears_the_line_and_stays()
    {
        Type("half a thought");

        Assert.Equal((EditOutcome.Editing, ""), _editor.Press(CtrlC));
        Assert.Equal([">"], _terminal.Rows);
        Assert.Equal((0, 2), (_terminal.CursorRow, _terminal.CursorColumn));
    }

    [Fact]
    public void On_an_empty_line_it_leaves()
    {
        Assert.Equal(EditOutcome.Interrupt, _editor.Press(CtrlC).Outcome);
    }

    [Fact]
    public void Twice_on_a_typed_line_clears_then_leaves()
    {
        Type("oops");

        Assert.Equal(EditOutcome.Editing, _editor.Press(CtrlC).Outcome);
        Assert.Equal(EditOutcome.Interrupt, _editor.Press(CtrlC).Outcome);
    }

    [Fact]
    public void The_cleared_line_is_not_sent_nor_lost_from_what_was_sent()
    {
        Type("sent");
        Assert.Equal((EditOutcome.Submit, "sent"), _editor.Press(new ConsoleKeyInfo('\r', ConsoleKey.Enter, false, false, false)));
        Type("abandoned");
        _editor.Press(CtrlC);

        // Up recalls the line that was sent; the abandoned one was never a line.
        _editor.Press(new ConsoleKeyInfo('\0', ConsoleKey.UpArrow, false, false, false));
        Assert.Equal(["> sent"], _terminal.Rows);
    }
}
