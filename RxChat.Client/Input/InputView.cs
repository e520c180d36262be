namespace RxChat.Client.Input;

/// <summary>
/// Which part of the typed line fits on one terminal row after the prompt. The editor
/// keeps the input on a single row and scrolls it sideways, so that a new message can
/// always be printed above it by rewriting just that row. Pure.
/// </summary>
internal readonly record struct InputView(string Visible, int CursorColumn)
{
    /// <param name="buffer">The line being typed.</param>
    /// <param name="room">Columns available for the text (the row's width less the prompt, less one
    /// so the terminal never wraps).</param>
    public static InputView Of(EditBuffer buffer, int room)
    {
        room = Math.Max(1, room);
        var start = buffer.Cursor < room ? 0 : buffer.Cursor - room + 1;
        var length = Math.Min(room, buffer.Text.Length - start);
        return new(buffer.Text.Substring(start, length), buffer.Cursor - start);
    }
}
