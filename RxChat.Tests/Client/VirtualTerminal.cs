using System.Text;

namespace RxChat.Tests.Client;

/// <summary>
/// Just enough of a terminal to see what the user would see: printable characters land at
/// the cursor, <c>\r</c> returns to column 0, <c>\b</c> steps left, <c>\n</c> starts a new row
/// (as a tty does with its usual newline translation). Anything else fails the test: the
/// line editor promises to draw with these alone.
/// </summary>
public sealed class VirtualTerminal : TextWriter
{
    private readonly List<StringBuilder> _rows = [new()];

    public override Encoding Encoding => Encoding.UTF8;

    public int CursorRow { get; private set; }

    public int CursorColumn { get; private set; }

    /// <summary>The screen's rows, without trailing blanks.</summary>
    public IReadOnlyList<string> Rows => _rows.Select(r => r.ToString().TrimEnd()).ToList();

    public override void Write(char value)
    {
        switch (value)
        {
            case '\r': CursorColumn = 0; break;
            case '\b': CursorColumn = Math.Max(0, CursorColumn - 1); break;
            case '\n':
                CursorRow++;
                CursorColumn = 0;
                if (CursorRow == _rows.Count) _rows.Add(new());
                break;
            default:
                Assert.False(char.IsControl(value), $"The terminal received control character U+{(int)value:X4}");
                var row = _rows[CursorRow];
                if (row.Length <= CursorColumn) row.Append(' ', CursorColumn - row.Length + 1);
                row[CursorColumn++] = value;
                break;
        }
    }
}
