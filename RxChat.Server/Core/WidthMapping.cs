using System.Text;

namespace RxChat.Server.Core;

/// <summary>
/// RFC 8264's width mapping: every character whose Unicode decomposition is tagged
/// &lt;wide&gt; or &lt;narrow&gt; (the Halfwidth and Fullwidth Forms block, U+FF01–U+FFEE, and the
/// ideographic space) becomes the character it is a wide or narrow form of. Written out here
/// rather than asked of the platform: the server runs without ICU (invariant globalization),
/// and a table of its own is the same on every node.
/// </summary>
public static class WidthMapping
{
    // Halfwidth katakana U+FF61–U+FF9F, in order.
    private const string Katakana =
        "\u3002\u300C\u300D\u3001\u30FB\u30F2\u30A1\u30A3\u30A5\u30A7\u30A9\u30E3\u30E5\u30E7\u30C3\u30FC" +
        "\u30A2\u30A4\u30A6\u30A8\u30AA\u30AB\u30AD\u30AF\u30B1\u30B3\u30B5\u30B7\u30B9\u30BB\u30BD\u30BF" +
        "\u30C1\u30C4\u30C6\u30C8\u30CA\u30CB\u30CC\u30CD\u30CE\u30CF\u30D2\u30D5\u30D8\u30DB\u30DE\u30DF" +
        "\u30E0\u30E1\u30E2\u30E4\u30E6\u30E8\u30E9\u30EA\u30EB\u30EC\u30ED\u30EF\u30F3\u3099\u309A";

    // Fullwidth signs U+FFE0–U+FFE6, then halfwidth forms U+FFE8–U+FFEE.
    private const string Signs = "\u00A2\u00A3\u00AC\u00AF\u00A6\u00A5\u20A9";
    private const string Forms = "\u2502\u2190\u2191\u2192\u2193\u25A0\u25CB";

    /// <summary><paramref name="text"/> with every wide and narrow form mapped; the same string when it has none.</summary>
    public static string Apply(string text)
    {
        if (!text.Any(c => c is (>= '\uFF01' and <= '\uFFEE') or '\u3000')) return text;
        var mapped = new StringBuilder(text.Length);
        foreach (char c in text) mapped.Append(Map(c));
        return mapped.ToString();
    }

    private static char Map(char c) => c switch
    {
        '\u3000' => ' ',
        >= '\uFF01' and <= '\uFF5E' => (char)(c - 0xFEE0), // fullwidth ASCII
        '\uFF5F' => '\u2985',
        '\uFF60' => '\u2986',
        >= '\uFF61' and <= '\uFF9F' => Katakana[c - 0xFF61],
        '\uFFA0' => '\u3164', // the halfwidth filler (refused in names anyway)
        >= '\uFFA1' and <= '\uFFBE' => (char)(c - 0xFFA1 + 0x3131), // halfwidth Hangul consonants
        >= '\uFFC2' and <= '\uFFC7' => (char)(c - 0xFFC2 + 0x314F), // … and vowels, in four runs
        >= '\uFFCA' and <= '\uFFCF' => (char)(c - 0xFFCA + 0x3155),
        >= '\uFFD2' and <= '\uFFD7' => (char)(c - 0xFFD2 + 0x315B),
        >= '\uFFDA' and <= '\uFFDC' => (char)(c - 0xFFDA + 0x3161),
        >= '\uFFE0' and <= '\uFFE6' => Signs[c - 0xFFE0],
        >= '\uFFE8' and <= '\uFFEE' => Forms[c - 0xFFE8],
        _ => c,
    };
}
