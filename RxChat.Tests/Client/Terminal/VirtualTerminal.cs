using System.Globalization;
using System.Text;

namespace RxChat.Tests.Client.Terminal;

/// <summary>
/// Just enough of a terminal to see what the user would see, at a given width: characters
/// land at the cursor and take the cells a terminal gives them (two for CJK and emoji,
/// whole emoji sequences included), a row that overflows wraps onto the next, and
/// <see cref="Resize"/> rewraps every line as tmux and most terminal emulators do, cursor
/// included. It understands <c>\r</c>, <c>\n</c> (as a tty does with its usual newline
/// translation), <c>\b</c>, and the sequences the client may print: colours (SGR), cursor
/// up, erase below and to the end of the row, save and restore the cursor. Anything else
/// fails the test.
/// </summary>
/// <param name="width">Columns.</param>
/// <param name="joinsEmoji">
/// Whether an emoji sequence (a skin tone, a family joined by zero-width joiners) is drawn as
/// one two-cell glyph, as recent terminals do, or emoji by emoji, as tmux 3.3 does.
/// </param>
public sealed class VirtualTerminal(int width = 200, bool joinsEmoji = true) : TextWriter
{
    private const char Escape = '\u001b';

    /// <summary>One screen row: its cells (a wide character is followed by an empty cell), and whether it wrapped onto the next.</summary>
    private sealed class Row
    {
        public List<string> Cells { get; } = [];
        public bool Wrapped { get; set; }
        public override string ToString() => string.Concat(Cells).TrimEnd();
    }

    private readonly List<Row> _rows = [new()];
    private (int Row, int Column) _saved;
    private string _pending = "";   // an escape sequence split over writes

    public override Encoding Encoding => Encoding.UTF8;

    public int Width { get; private set; } = width;

    public int CursorRow { get; private set; }

    public int CursorColumn { get; private set; }

    /// <summary>The screen's rows, without trailing blanks.</summary>
    public IReadOnlyList<string> Rows => _rows.Select(r => r.ToString()).ToList();

    public override void Write(char value) => Write(value.ToString());

    public override void Write(string? value)
    {
        var text = _pending + value;
        _pending = "";
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (c == Escape)
            {
                var end = EndOfSequence(text, i);
                if (end < 0) { _pending = text[i..]; return; }
                Sequence(text[(i + 1)..(end + 1)]);
                i = end + 1;
            }
            else if (c == '\r') { CursorColumn = 0; i++; }
            else if (c == '\n') { NewRow(wrapped: false); i++; }
            else if (c == '\b') { CursorColumn = Math.Max(0, CursorColumn - 1); i++; }
            else
            {
                Assert.False(char.IsControl(c), $"The terminal received control character U+{(int)c:X4}");
                var length = StringInfo.GetNextTextElementLength(text, i);
                Print(text.Substring(i, length));
                i += length;
            }
        }
    }

    /// <summary>The window changes width: every line is rewrapped, and the cursor moves with its cell.</summary>
    public void Resize(int newWidth)
    {
        var lines = new List<List<string>>();
        (int Line, int Offset) cursor = default;
        for (var r = 0; r < _rows.Count; r++)
        {
            var continues = r > 0 && _rows[r - 1].Wrapped;
            if (!continues) lines.Add([]);
            var line = lines[^1];
            if (r == CursorRow) cursor = (lines.Count - 1, line.Count + CursorColumn);
            line.AddRange(_rows[r].Cells);
        }

        _rows.Clear();
        Width = newWidth;
        for (var l = 0; l < lines.Count; l++)
        {
            var cells = lines[l];
            var first = _rows.Count;
            for (var at = 0; at < Math.Max(1, cells.Count); at += newWidth)
            {
                var row = new Row();
                row.Cells.AddRange(cells.Skip(at).Take(newWidth));
                row.Wrapped = at + newWidth < cells.Count;
                _rows.Add(row);
            }
            if (l == cursor.Line)
            {
                CursorRow = Math.Min(first + cursor.Offset / newWidth, _rows.Count - 1);
                CursorColumn = cursor.Offset / newWidth > CursorRow - first ? newWidth - 1 : cursor.Offset % newWidth;
            }
        }
    }

    private void Print(string element)
    {
        if (!joinsEmoji && element.EnumerateRunes().Count() > 1 && CellsOf(element) == 2)
        {
            foreach (var rune in element.EnumerateRunes()) Print(rune.ToString());
            return;
        }
        var cells = CellsOf(element);
        if (cells == 0)
        {
            // A combining mark joins the character before it.
            var row = _rows[CursorRow].Cells;
            if (CursorColumn > 0 && CursorColumn <= row.Count) row[CursorColumn - 1] += element;
            return;
        }
        if (CursorColumn + cells > Width) NewRow(wrapped: true);
        var cellsOfRow = _rows[CursorRow].Cells;
        while (cellsOfRow.Count < CursorColumn + cells) cellsOfRow.Add(" ");
        cellsOfRow[CursorColumn] = element;
        if (cells == 2) cellsOfRow[CursorColumn + 1] = "";
        CursorColumn += cells;
    }

    private void NewRow(bool wrapped)
    {
        _rows[CursorRow].Wrapped = wrapped;
        CursorRow++;
        CursorColumn = 0;
        if (CursorRow == _rows.Count) _rows.Add(new());
    }

    private void Sequence(string body)
    {
        switch (body)
        {
            case "7": _saved = (CursorRow, CursorColumn); return;
            case "8": (CursorRow, CursorColumn) = _saved; return;
        }
        Assert.True(body.StartsWith('['), $"Unexpected escape sequence ESC {body}");
        var parameters = body[1..^1];
        switch (body[^1])
        {
            case 'm': return;   // colours and styles: not the test's business here
            case 'A': CursorRow = Math.Max(0, CursorRow - (parameters.Length == 0 ? 1 : int.Parse(parameters))); return;
            case 'K':
                Assert.Equal("", parameters);
                ClearFromCursor();
                return;
            case 'J':
                Assert.Equal("", parameters);
                ClearFromCursor();
                _rows.RemoveRange(CursorRow + 1, _rows.Count - CursorRow - 1);
                _rows[CursorRow].Wrapped = false;
                return;
            default:
                Assert.Fail($"Unexpected escape sequence ESC {body}");
                return;
        }
    }

    private void ClearFromCursor()
    {
        var cells = _rows[CursorRow].Cells;
        if (CursorColumn < cells.Count) cells.RemoveRange(CursorColumn, cells.Count - CursorColumn);
    }

    /// <summary>The index of the last character of the escape sequence at <paramref name="start"/>, or -1 if it is not complete yet.</summary>
    private static int EndOfSequence(string text, int start)
    {
        if (start + 1 >= text.Length) return -1;
        if (text[start + 1] != '[') return start + 1;
        for (var i = start + 2; i < text.Length; i++)
            if (text[i] is >= '@' and <= '~') return i;
        return -1;
    }

    /// <summary>
    /// How many cells a terminal gives a character: an independent, deliberately simple
    /// table (not the client's), so the test checks the client against a terminal rather
    /// than against itself.
    /// </summary>
    private static int CellsOf(string element)
    {
        var rune = Rune.GetRuneAt(element, 0);
        var category = Rune.GetUnicodeCategory(rune);
        if (category is UnicodeCategory.NonSpacingMark or UnicodeCategory.EnclosingMark or UnicodeCategory.Format) return 0;
        var v = rune.Value;
        var wide = v is >= 0x1100 and <= 0x115F or >= 0x2E80 and <= 0xA4CF or >= 0xAC00 and <= 0xD7A3
            or >= 0xF900 and <= 0xFAFF or >= 0xFF00 and <= 0xFF60 or >= 0xFFE0 and <= 0xFFE6
            or >= 0x1F300 and <= 0x1F64F or >= 0x1F680 and <= 0x1F6FF or >= 0x1F900 and <= 0x1F9FF or >= 0x20000 and <= 0x3FFFD;
        return wide ? 2 : 1;
    }
}
