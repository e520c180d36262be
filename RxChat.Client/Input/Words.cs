namespace RxChat.Client.Input;

/// <summary>
/// Word boundaries for Ctrl+W, Alt+B/F and Ctrl+Left/Right, as shells draw them: a word is
/// a run of anything but whitespace, and moving by word skips the whitespace first. Pure.
/// </summary>
internal static class Words
{
    /// <summary>The start of the word before <paramref name="index"/> (or the one it is in).</summary>
    public static int Previous(string text, int index)
    {
        var i = index;
        while (i > 0 && char.IsWhiteSpace(text[i - 1])) i--;
        while (i > 0 && !char.IsWhiteSpace(text[i - 1])) i--;
        return i;
    }

    /// <summary>The end of the word after <paramref name="index"/> (or the one it is in).</summary>
    public static int Next(string text, int index)
    {
        var i = index;
        while (i < text.Length && char.IsWhiteSpace(text[i])) i++;
        while (i < text.Length && !char.IsWhiteSpace(text[i])) i++;
        return i;
    }
}
