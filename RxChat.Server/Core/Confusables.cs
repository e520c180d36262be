using System.Text;

namespace RxChat.Server.Core;

/// <summary>
/// Whether two names could pass for each other on screen: Unicode TR39's skeleton, with a
/// compact table of its own instead of the whole confusables.txt (no package served here
/// carries it). Two names are confusable when their skeletons are equal. What the table covers:
/// <list type="bullet">
/// <item>the Cyrillic, Greek and Armenian letters that look like Latin ones (<c>а е о р с у х і ј ѕ һ ԁ ԛ ԝ ӏ</c>,
/// <c>α ο ρ ν ι υ γ κ</c>, <c>օ ս հ ո</c> and the capitals that look like Latin capitals, as <c>В Н К М Т Β Η Ν Τ Υ</c>);</item>
/// <item>Latin's own look-alikes: <c>I l 1 | ǀ</c> (all <c>l</c>), <c>0 O</c> (<c>o</c>), dotless <c>ı</c>,
/// script <c>ɑ ɡ</c>, and <c>m</c>, which TR39 reads as <c>rn</c>;</item>
/// <item>every character whose compatibility decomposition is one ASCII letter or digit
/// (fullwidth and mathematical letters, circled and superscript ones, Roman numerals <c>Ⅰ</c>).</item>
/// </list>
/// Not covered: the rest of confusables.txt (look-alikes within other scripts, symbols, marks
/// that look like others). The skeleton is case-insensitive, as names are: the table is applied,
/// the result lower-cased, and the table applied again (so Cyrillic <c>А</c> becomes <c>а</c>, then <c>a</c>).
/// It uses this table and Unicode's own decompositions only, so it is the same on every node.
/// </summary>
public static class Confusables
{
    /// <summary>Source and prototype, separated by a space.</summary>
    private static readonly string[] Table =
    [
        // Latin's own look-alikes.
        "I l", "1 l", "| l", "ǀ l", "ı i", "ɩ i", "0 o", "O o", "ɑ a", "ɡ g", "m rn",
        // Cyrillic.
        "а a", "е e", "о o", "р p", "с c", "у y", "х x", "і i", "ј j", "ѕ s", "һ h", "ԁ d", "ԛ q", "ԝ w", "ӏ l", "ү y",
        "В b", "Н h", "К k", "М m", "Т t", "І l", "Ӏ l",
        // Greek.
        "α a", "ο o", "ρ p", "ν v", "ι i", "υ u", "γ y", "κ k",
        "Β b", "Ε e", "Ζ z", "Η h", "Ι l", "Μ m", "Ν n", "Τ t", "Υ y",
        // Armenian.
        "օ o", "ս u", "հ h", "ո n",
    ];

    private static readonly Dictionary<int, string> Prototypes = Table.ToDictionary(
        pair => char.ConvertToUtf32(pair, 0),
        pair => pair[(pair.IndexOf(' ', StringComparison.Ordinal) + 1)..]);

    /// <summary>The form two names are compared in for look-alikes (TR39's skeleton, case-insensitive).</summary>
    public static string Skeleton(string name)
    {
        var once = Map(name.Normalize(NormalizationForm.FormD)).ToLowerInvariant();
        return Map(once).Normalize(NormalizationForm.FormD);
    }

    private static string Map(string text)
    {
        var mapped = new StringBuilder(text.Length);
        foreach (var rune in text.EnumerateRunes()) mapped.Append(PrototypeOf(rune));
        return mapped.ToString();
    }

    private static string PrototypeOf(Rune rune)
    {
        if (Prototypes.TryGetValue(rune.Value, out var prototype)) return prototype;
        if (rune.IsAscii) return rune.ToString();
        var decomposed = rune.ToString().Normalize(NormalizationForm.FormKD);
        if (decomposed.Length == 1 && char.IsAsciiLetterOrDigit(decomposed[0]))
            return Prototypes.TryGetValue(decomposed[0], out var ascii) ? ascii : decomposed;
        return rune.ToString();
    }
}
