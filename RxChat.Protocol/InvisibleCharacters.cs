using System.Globalization;
using System.Text;

namespace RxChat.Protocol;

/// <summary>
/// Characters that print as nothing, so a name made with them could pass for another, or for
/// nobody: Unicode format characters (zero-width spaces and joiners, direction overrides, the
/// byte-order mark, soft hyphens, tags), the Hangul fillers (U+115F, U+1160, U+3164, U+FFA0),
/// the blank Braille pattern (U+2800), the default-ignorable marks (the combining grapheme
/// joiner, variation selectors, U+17B4/U+17B5), and a combining mark with nothing before it
/// to sit on. "alice" and "alice" + U+200B would look like one user in <c>/users</c>, and
/// U+3164 alone like no user at all. Names may not contain them; chat text may, because emoji
/// are built with the zero-width joiner and variation selectors. (Spaces are refused as such.)
/// </summary>
public static class InvisibleCharacters
{
    public static bool Any(string text)
    {
        var first = true;
        foreach (var rune in text.EnumerateRunes())
        {
            if (IsInvisible(rune, first)) return true;
            first = false;
        }
        return false;
    }

    private static bool IsInvisible(Rune rune, bool first) => Rune.GetUnicodeCategory(rune) switch
    {
        UnicodeCategory.Format => true,
        UnicodeCategory.NonSpacingMark or UnicodeCategory.EnclosingMark or UnicodeCategory.SpacingCombiningMark
            when first => true, // nothing to sit on: it shows alone, or not at all
        _ => rune.Value is 0x115F or 0x1160 or 0x3164 or 0xFFA0 // Hangul fillers
            or 0x2800 // Braille pattern blank
            or 0x034F // combining grapheme joiner
            or 0x17B4 or 0x17B5 // Khmer inherent vowels, ignorable
            or (>= 0x180B and <= 0x180F) // Mongolian free variation selectors and vowel separator
            or (>= 0xFE00 and <= 0xFE0F) // variation selectors
            or (>= 0xE0100 and <= 0xE01EF), // variation selectors supplement
    };
}
