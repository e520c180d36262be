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
/// <item>letters and digits that are ASCII ones in another dress: fullwidth (<see cref="WidthMapping"/>),
/// mathematical (U+1D400–U+1D7FF), circled (<c>Ⓐ ⓐ</c>), the Roman numerals <c>Ⅰ ⅰ Ⅼ ⅼ</c> and script <c>ℓ</c>.</item>
/// </list>
/// Not covered: the rest of confusables.txt (look-alikes within other scripts, symbols, marks
/// that look like others). The skeleton is case-insensitive, as names are: the table is applied,
/// the result lower-cased, and the table applied again (so Cyrillic <c>А</c> becomes <c>а</c>, then <c>a</c>).
/// It uses this table and canonical decomposition (<see cref="UsernameKey.Nfd"/>) only, so it is the same on every node.
/// </summary>
public static class Confusables
{
    /// <summary>Source and prototype, separated by a space.</summary>
    private static readonly string[] Table =
    [
        // Latin's own look-alikes.
        "I l", "1 l", "| l", "ǀ l", "ı i", "ɩ i", "0 o", "O o", "ɑ a", "ɡ g", "m rn", "Ⅰ l", "ⅰ i", "Ⅼ l", "ⅼ l", "ℓ l",
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

    /// <summary>
    /// The skeletons a registered <paramref name="name"/> is known by: of its lower-case and of its
    /// upper-case form, since names are one in any case ("alice" is "ALICE", which Cyrillic
    /// <c>АLІCE</c> passes for). A newcomer's name is compared by its <see cref="Skeleton"/> as typed.
    /// </summary>
    public static IEnumerable<string> SkeletonsOf(string name) =>
        new[] { Skeleton(name.ToLowerInvariant()), Skeleton(name.ToUpperInvariant()) }.Distinct(StringComparer.Ordinal);

    /// <summary>The form two names are compared in for look-alikes (TR39's skeleton, case-insensitive).</summary>
    public static string Skeleton(string name)
    {
        var once = Map(UsernameKey.Nfd(WidthMapping.Apply(name))).ToLowerInvariant();
        return UsernameKey.Nfd(Map(once));
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
        if (AsciiInDisguise(rune.Value) is not { } ascii) return rune.ToString();
        return Prototypes.TryGetValue(ascii, out var mapped) ? mapped : ascii.ToString();
    }

    /// <summary>The ASCII letter or digit a mathematical or circled one is drawn from.</summary>
    private static char? AsciiInDisguise(int c) => c switch
    {
        >= 0x1D400 and <= 0x1D6A3 => Letter((c - 0x1D400) % 52), // 13 alphabets of A–Z a–z (their holes are unassigned)
        >= 0x1D7CE and <= 0x1D7FF => (char)('0' + ((c - 0x1D7CE) % 10)), // 5 sets of digits
        >= 0x24B6 and <= 0x24CF => (char)('A' + (c - 0x24B6)),
        >= 0x24D0 and <= 0x24E9 => (char)('a' + (c - 0x24D0)),
        _ => null,
    };

    private static char Letter(int index) => index < 26 ? (char)('A' + index) : (char)('a' + index - 26);
}
