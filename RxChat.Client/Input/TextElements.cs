using System.Globalization;
using Spectre.Console;

namespace RxChat.Client.Input;

/// <summary>
/// Steps through typed text by what a person sees as one character (a text element): an
/// emoji is two UTF-16 units, an emoji with a skin tone or a family joined by zero-width
/// joiners several more, and an accent may be a unit of its own. The cursor must never
/// stop, nor a backspace cut, in the middle of one.
/// </summary>
internal static class TextElements
{
    public static int Next(string text, int index)
    {
        if (index >= text.Length) return text.Length;
        // Two printable characters below the combining marks never join: the common case,
        // answered without the full segmentation rules.
        if (IsPlain(text[index]) && (index + 1 == text.Length || IsPlain(text[index + 1]))) return index + 1;
        return index + StringInfo.GetNextTextElementLength(text, index);
    }

    public static int Previous(string text, int index)
    {
        // Text elements can only be found going forwards; a typed line is short (bounded).
        var previous = 0;
        for (var i = 0; i < index; i = Next(text, i)) previous = i;
        return previous;
    }

    /// <summary>
    /// The terminal cells a text element may take: two for CJK and emoji, none for a lone
    /// combining mark, one otherwise. Terminals disagree on emoji sequences: one draws 👍🏽
    /// in two cells, tmux 3.3 in four (the skin tone apart); a family joined by zero-width
    /// joiners in two, or six. The larger count is taken: a row measured too wide only
    /// leaves a cell or two unused, a row measured too narrow wraps and garbles the screen.
    /// </summary>
    public static int Cells(string element)
    {
        // The common case, without the cost of a lookup that every keystroke pays for every character shown.
        if (element.Length == 1 && IsPlain(element[0])) return 1;
        var apart = 0;
        foreach (var rune in element.EnumerateRunes())
            apart += IsEmojiModifier(rune) ? 2 : rune.ToString().GetCellWidth();
        return Math.Max(element.GetCellWidth(), apart);
    }

    /// <summary>Latin, Greek, Cyrillic and the like up to the combining marks (U+0300): one character, one cell.</summary>
    private static bool IsPlain(char c) => c is >= ' ' and < '\u0300' and not '\u007f' and not (>= '\u0080' and < '\u00a0') and not '\u00ad';

    /// <summary>The five skin tones, U+1F3FB–U+1F3FF: drawn on their own where the terminal does not join them.</summary>
    private static bool IsEmojiModifier(System.Text.Rune rune) => rune.Value is >= 0x1F3FB and <= 0x1F3FF;

    /// <summary>The cells of a whole string, element by element.</summary>
    public static int CellsOf(string text)
    {
        var cells = 0;
        for (var i = 0; i < text.Length; i = Next(text, i)) cells += Cells(text[i..Next(text, i)]);
        return cells;
    }

    /// <summary>The end of <paramref name="text"/> that fits in <paramref name="cells"/>, whole elements only.</summary>
    public static string LastCells(string text, int cells)
    {
        var start = text.Length;
        var used = 0;
        while (start > 0)
        {
            var previous = Previous(text, start);
            var width = Cells(text[previous..start]);
            if (used + width > cells) break;
            used += width;
            start = previous;
        }
        return text[start..];
    }
}
