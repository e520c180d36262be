using Spectre.Console;

namespace RxChat.Client.Input;

/// <summary>
/// Which part of the typed line fits on one terminal row after the prompt, measured in
/// terminal cells (a CJK character or an emoji takes two). The editor keeps the input on a
/// single row and scrolls it sideways, so that a new message can always be printed above
/// it by rewriting just that row. Pure.
/// </summary>
/// <param name="Visible">The slice of the line to draw.</param>
/// <param name="CursorColumn">Cells from the start of <paramref name="Visible"/> to the cursor.</param>
/// <param name="Width">Cells that <paramref name="Visible"/> takes.</param>
internal readonly record struct InputView(string Visible, int CursorColumn, int Width)
{
    /// <param name="buffer">The line being typed.</param>
    /// <param name="room">Cells available for the text and the cursor (the row's width less the
    /// prompt, less one so the terminal never wraps).</param>
    public static InputView Of(EditBuffer buffer, int room)
    {
        room = Math.Max(2, room);
        var text = buffer.Text;
        var (starts, cells) = Elements(text);
        // The element the cursor stands before (the cursor is always on a boundary; the
        // search also copes if it were not).
        var cursor = starts.FindLastIndex(start => start <= buffer.Cursor);

        // The first element shown: as far left as the text before the cursor, and the
        // cursor's own cell, allow.
        var first = 0;
        var before = cells.Take(cursor).Sum();
        while (before + 1 > room && first < cursor) before -= cells[first++];

        // Then as many elements after the cursor as still fit.
        var last = cursor;
        var width = before;
        while (last < cells.Count && width + cells[last] <= room) width += cells[last++];

        return new(text[starts[first]..starts[last]], before, width);
    }

    /// <summary>Where each text element starts (plus the end of the text), and how many cells each takes.</summary>
    private static (List<int> Starts, List<int> Cells) Elements(string text)
    {
        var starts = new List<int>();
        var cells = new List<int>();
        for (var i = 0; i < text.Length; i = TextElements.Next(text, i))
        {
            starts.Add(i);
            cells.Add(text[i..TextElements.Next(text, i)].GetCellWidth());
        }
        starts.Add(text.Length);
        return (starts, cells);
    }
}
