namespace RxChat.Client.Input;

/// <summary>
/// Which part of the typed line fits on one terminal row after the prompt, measured in
/// terminal cells (a CJK character or an emoji takes two). The editor keeps the input on a
/// single row and scrolls it sideways, so that a new message can always be printed above
/// it by rewriting just that row; a mark at either end (<see cref="HiddenBeforeMark"/>,
/// <see cref="HiddenAfterMark"/>) says that part of the line is out of sight. Pure.
/// </summary>
/// <param name="Visible">The slice of the line to draw.</param>
/// <param name="CursorIndex">Where the cursor is in <paramref name="Visible"/>, in characters.</param>
/// <param name="CursorColumn">Cells from the start of <paramref name="Visible"/> to the cursor.</param>
/// <param name="Width">Cells that <paramref name="Visible"/> takes.</param>
/// <param name="HiddenBefore">Part of the line is scrolled out to the left.</param>
/// <param name="HiddenAfter">Part of the line is scrolled out to the right.</param>
internal readonly record struct InputView(
    string Visible, int CursorIndex, int CursorColumn, int Width, bool HiddenBefore = false, bool HiddenAfter = false)
{
    public const string HiddenBeforeMark = "«";
    public const string HiddenAfterMark = "»";

    /// <param name="buffer">The line being typed.</param>
    /// <param name="room">Cells available for the text, its marks and the cursor (the row's width less the
    /// prompt, less one so the terminal never wraps).</param>
    public static InputView Of(EditBuffer buffer, int room)
    {
        room = Math.Max(4, room);
        var text = buffer.Text;
        var starts = Starts(text);
        var count = starts.Count - 1;
        // Measuring is the costly part, and a pasted line may be thousands of characters
        // long: only the elements near the cursor are measured.
        var measured = new int[count];
        Array.Fill(measured, -1);
        int Cells(int element) => measured[element] >= 0
            ? measured[element]
            : measured[element] = TextElements.Cells(text[starts[element]..starts[element + 1]]);

        // Only a line that does not fit needs marks; then each end keeps a cell for one.
        var fits = count + 1 <= room && Enumerable.Range(0, count).Sum(Cells) + 1 <= room;
        var textRoom = fits ? room : room - 2;

        // The element the cursor stands before (the cursor is always on a boundary; the
        // search also copes if it were not).
        var cursor = starts.FindLastIndex(start => start <= buffer.Cursor);

        // The first element shown: as far left as the text before the cursor, and the
        // cursor's own cell, allow.
        var first = cursor;
        var before = 0;
        while (first > 0 && before + Cells(first - 1) + 1 <= textRoom) before += Cells(--first);

        // Then as many elements after the cursor as still fit.
        var last = cursor;
        var width = before;
        while (last < count && width + Cells(last) <= textRoom) width += Cells(last++);

        return new(text[starts[first]..starts[last]], starts[cursor] - starts[first], before, width,
            HiddenBefore: first > 0, HiddenAfter: last < count);
    }

    /// <summary>Where each text element starts, plus the end of the text.</summary>
    private static List<int> Starts(string text)
    {
        var starts = new List<int>();
        for (var i = 0; i < text.Length; i = TextElements.Next(text, i)) starts.Add(i);
        starts.Add(text.Length);
        return starts;
    }
}
