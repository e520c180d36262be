using System.Reactive;
using System.Reactive.Linq;
using System.Reactive.Subjects;
using RxChat.Client.Input;
using RxChat.Client.Lines;

namespace RxChat.Client.Terminal;

/// <summary>
/// A small line editor for an interactive terminal, built on <see cref="Console.ReadKey(bool)"/>:
/// the prompt and the line being typed stay on the bottom row, and the <see cref="Screen"/>
/// redraws them below each new message.
/// </summary>
/// <remarks>
/// Resizing is what garbles such editors: a terminal that gets narrower rewraps the input
/// row into several rows, and the cursor with it. So erasing first climbs back to where
/// the row now starts (computed from the old row at the new width, as the terminal
/// rewrapped it), then clears everything below; and the row is always drawn at most one
/// cell short of the current width, so the terminal itself never wraps it.
/// </remarks>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "One editor per process, for the whole of it; its subject holds nothing to release")]
internal sealed class LineEditor : IInputRow
{
    private const int FallbackWidth = 80;

    private readonly Screen _screen;
    private readonly Func<ConsoleKeyInfo> _readKey;
    private readonly Func<int> _width;
    private readonly Func<IEnumerable<string>> _names;
    private readonly Subject<Unit> _interrupts = new();
    private EditBuffer _buffer = EditBuffer.Empty;
    private InputHistory _history = InputHistory.Empty;
    private int _drawnCursorCells;   // from the start of the row to the cursor, when last drawn
    private bool _drawn;             // the row is on screen (drawn and not erased since)
    private char? _highSurrogate;   // the first half of an emoji, waiting for its second key

    /// <param name="screen">Where the input row lives, under the screen's lock.</param>
    /// <param name="readKey">Blocks for the next key; <see cref="Console.ReadKey(bool)"/> in the program.</param>
    /// <param name="width">The terminal's width in columns, read at each redraw so a resize is followed.</param>
    /// <param name="names">The names seen so far, for Tab.</param>
    public LineEditor(Screen screen, Func<ConsoleKeyInfo> readKey, Func<int> width, Func<IEnumerable<string>>? names = null)
    {
        _screen = screen;
        _readKey = readKey;
        _width = width;
        _names = names ?? (() => []);
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

    /// <summary>Ctrl+C on an empty line (on a typed one it clears it). The terminal delivers it as a key here, so the client can leave cleanly.</summary>
    public IObservable<Unit> Interrupts => _interrupts;

    public string Prompt { get; set; } = "> ";

    public void Erase(TextWriter terminal)
    {
        if (!_drawn) return;
        // If the terminal got narrower since the last draw, it rewrapped the row and the
        // cursor now sits this many rows below the row's start.
        terminal.Write(CursorControl.Up(_drawnCursorCells / Math.Max(1, _width())));
        terminal.Write('\r');
        terminal.Write(CursorControl.EraseBelow);
        _drawn = false;
    }

    public void Draw(TextWriter terminal)
    {
        var width = Math.Max(1, _width());
        // A prompt longer than half the row keeps its end (the name and the "> ").
        var prompt = TextElements.LastCells(Prompt, Math.Max(2, width / 2));
        var promptCells = TextElements.CellsOf(prompt);
        var view = InputView.Of(_buffer, width - promptCells - 1);

        terminal.Write('\r');
        terminal.Write(prompt);
        if (view.HiddenBefore) terminal.Write(InputView.HiddenBeforeMark);
        terminal.Write(view.Visible[..view.CursorIndex]);
        // The cursor goes back to where the terminal drew it, whatever width it gave each character.
        terminal.Write(CursorControl.Save);
        terminal.Write(view.Visible[view.CursorIndex..]);
        if (view.HiddenAfter) terminal.Write(InputView.HiddenAfterMark);
        terminal.Write(CursorControl.EraseBelow);
        terminal.Write(CursorControl.Restore);
        _drawnCursorCells = promptCells + (view.HiddenBefore ? 1 : 0) + view.CursorColumn;
        _drawn = true;
    }

    /// <summary>Applies one key to the line and redraws it; returns what the key asked for and, on Enter, the line.</summary>
    public (EditOutcome Outcome, string Submitted) Press(ConsoleKeyInfo key)
    {
        // An emoji arrives as two keys; drawing half of it would print a broken character.
        if (char.IsHighSurrogate(key.KeyChar)) { _highSurrogate = key.KeyChar; return (EditOutcome.Editing, ""); }
        var pair = _highSurrogate is { } high && char.IsLowSurrogate(key.KeyChar) ? $"{high}{key.KeyChar}" : null;
        _highSurrogate = null;

        var outcome = EditOutcome.Editing;
        var submitted = "";
        _screen.Edit(() =>
        {
            (var next, outcome) = key.Key switch
            {
                ConsoleKey.UpArrow => (Recall(_history.Up(_buffer.Text)), EditOutcome.Editing),
                ConsoleKey.DownArrow => (Recall(_history.Down()), EditOutcome.Editing),
                ConsoleKey.Tab => (NameCompletion.Complete(_buffer, _names()), EditOutcome.Editing),
                _ when pair is not null => (_buffer.Insert(pair), EditOutcome.Editing),
                _ => _buffer.Apply(key),
            };
            if (outcome == EditOutcome.Submit)
            {
                submitted = next.Text;
                if (!UserCommands.CarriesPassword(submitted.Trim())) _history = _history.Add(submitted);
                next = EditBuffer.Empty;
            }
            _buffer = next;
            Erase(_screen.Terminal);
            Draw(_screen.Terminal);
        });
        if (outcome == EditOutcome.TooLong)
            _screen.Warn(LocalLines.TooLong(LineLimit.BytesOf(_buffer.Text), keptInEditor: true));
        return (outcome, submitted);
    }

    private EditBuffer Recall((InputHistory History, string Line)? step)
    {
        if (step is not { } recalled) return _buffer;
        _history = recalled.History;
        return new EditBuffer(recalled.Line, recalled.Line.Length);
    }

    private void ReadKeys(IObserver<string> observer, Func<bool> stopped)
    {
        _screen.Attach(this);
        // Ends on Ctrl+D or Ctrl+C at an empty line (the client then exits), or when unsubscribed.
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
