namespace RxChat.Protocol;

/// <summary>
/// Terminal control characters (C0, DEL, C1): the bytes that let one user ring bells,
/// move cursors or recolour another user's terminal. They are never relayed.
/// </summary>
public static class ControlCharacters
{
    public static bool Is(char c) => c < ' ' || (c >= '\u007F' && c <= '\u009F');

    public static bool Any(string text)
    {
        foreach (char c in text)
            if (Is(c)) return true;
        return false;
    }
}
