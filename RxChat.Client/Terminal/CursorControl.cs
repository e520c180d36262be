namespace RxChat.Client.Terminal;

/// <summary>
/// The few VT100 sequences the line editor draws with — every terminal emulator in use
/// understands them. They let the editor clear to the end of the screen instead of
/// overwriting with spaces (which miscount around emoji), and put the cursor back where
/// the terminal itself drew it instead of computing the column.
/// </summary>
internal static class CursorControl
{
    /// <summary>Erases from the cursor to the end of the screen: the input row and anything wrapped below it.</summary>
    public const string EraseBelow = "\u001b[J";

    /// <summary>DECSC: remembers the cursor position.</summary>
    public const string Save = "\u001b7";

    /// <summary>DECRC: returns to the remembered position.</summary>
    public const string Restore = "\u001b8";

    public static string Up(int rows) => rows > 0 ? $"\u001b[{rows}A" : "";
}
