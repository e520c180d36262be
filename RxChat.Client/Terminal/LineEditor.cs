using System.Reactive;
using System.Reactive.Linq;
using System.Reactive.Subjects;
using RxChat.Client.Input;

namespace RxChat.Client.Terminal;

/// <summary>
/// A small line editor for an interactive terminal, built on <see cref="Console.ReadKey(bool)"/>:
/// the prompt and the line being typed stay on the bottom row, and the <see cref="Screen"/>
/// redraws them below each new message. It draws with carriage return, spaces and
/// backspace only — no escape sequences — so it works with colour off too.
/// </summary>
internal sealed class LineEditor : IInputRow
{
    public const string Prompt = "> ";
    private const int FallbackWidth = 80;

    private readonly Screen _screen;
    private readonly Func<ConsoleKeyInfo> _readKey;
    private readonly Func<int> _width;
    private readonly Subject<Unit> _interrupts = new();
    private EditBuffer _buffer = EditBuffer.Empty;
    private int _drawnCells;

    /// <param name="screen">Where the input row lives, under the screen's lock.</param>
    /// <param name="readKey">Blocks for the next key; <see cref="Console.ReadKey(bool)"/> in the program.</param>
    /// <param name="width">The terminal's width in columns, read at each redraw so a resize is followed.</param>
    public LineEditor(Screen screen, Func<ConsoleKeyInfo> readKey, Func<int> width)
    {
        _screen = screen;
        _readKey = readKey;
        _width = width;
        Lines = Observable.Create<string>(observer => Background.Run("keyboard", stopped => ReadKeys(observer, stopped)));
    }

    /// <summary>The terminal's width, or 80 when it cannot be told.</summary>
    public static int ConsoleWidth()
    {
        try { return Console.WindowWidth > 0 ? Console.WindowWidth : FallbackWidth; }
        catch (IOException) { return FallbackWidth; }
    }

    /// <summary>Each line the user finishes with Enter; completes on Ctrl+D at an empty line.</summary>
    public IObservable<string> Lines { get; }

    /// <summary>Ctrl+C. The terminal delivers it as a key here, so the client can leave cleanly.</summary>
    public IObservable<Unit> Interrupts => _interrupts;

    public void Erase(TextWriter terminal)
    {
        if (_drawnCells == 0) return;
        terminal.Write('\r');
        terminal.Write(new string(' ', _drawnCells));
        terminal.Write('\r');
        _drawnCells = 0;
    }

    public void Draw(TextWriter terminal)
    {
        var view = InputView.Of(_buffer, _width() - Prompt.Length - 1);
        var cells = Prompt.Length + view.Width;
        var leftover = Math.Max(0, _drawnCells - cells);   // the end of a longer previous row
        terminal.Write('\r');
        terminal.Write(Prompt);
        terminal.Write(view.Visible);
        terminal.Write(new string(' ', leftover));
        // Backspace moves one cell: step back from the end of what was drawn to the cursor.
        terminal.Write(new string('\b', leftover + view.Width - view.CursorColumn));
        _drawnCells = cells;
    }

    /// <summary>Applies one key to the line and redraws it; returns what the key asked for and, on Enter, the line.</summary>
    public (EditOutcome Outcome, string Submitted) Press(ConsoleKeyInfo key)
    {
        var outcome = EditOutcome.Editing;
        var submitted = "";
        _screen.Edit(() =>
        {
            (var next, outcome) = _buffer.Apply(key);
            if (outcome == EditOutcome.Submit) { submitted = next.Text; next = EditBuffer.Empty; }
            _buffer = next;
            Draw(_screen.Terminal);
        });
        return (outcome, submitted);
    }

    private void ReadKeys(IObserver<string> observer, Func<bool> stopped)
    {
        _screen.Attach(this);
        // Ends on Ctrl+D, on Ctrl+C (the client then exits) or when unsubscribed.
        while (!stopped())
        {
            var (outcome, submitted) = Press(_readKey());
            switch (outcome)
            {
                case EditOutcome.Submit: observer.OnNext(submitted); break;
                case EditOutcome.EndOfInput: observer.OnCompleted(); return;
                case EditOutcome.Interrupt: _interrupts.OnNext(Unit.Default); return;
            }
        }
    }
}
