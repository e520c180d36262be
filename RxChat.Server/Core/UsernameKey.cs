using System.Text;

namespace RxChat.Server.Core;

/// <summary>
/// How two usernames are compared: as RFC 8265's UsernameCaseMapped profile prepares them —
/// fullwidth and halfwidth forms mapped to their ordinary letters (the width mapping rule),
/// lower-cased (the case mapping rule), then put in Unicode Normalization Form C — and
/// compared ordinally. So "Alice" is "alice", "Ａｌｉｃｅ" is "alice", and "Zoë" written with
/// U+00EB is "Zoe" followed by U+0308. The name is still shown as it was typed; only the key
/// is compared. (What PRECIS's IdentifierClass would refuse is refused by
/// <see cref="ChatRules.WhyNotUsername"/>'s own rules, not here: the key only compares.)
/// The fold keys its dictionaries of names with <see cref="Comparer"/>, so the key must be
/// the same on every node and in every version: it uses nothing but Unicode's own mappings,
/// which Unicode's stability policies keep fixed for assigned characters.
/// </summary>
public static class UsernameKey
{
    /// <summary>Compares usernames by their keys: the comparer of every dictionary of names.</summary>
    public static readonly IEqualityComparer<string> Comparer = new KeyComparer();

    /// <summary>The form two names are compared in.</summary>
    public static string Of(string name)
    {
        if (Ascii.IsValid(name)) return name.ToLowerInvariant(); // width mapping and NFC change no ASCII
        var mapped = new StringBuilder(name.Length);
        foreach (var rune in name.EnumerateRunes())
        {
            if (IsWidthForm(rune)) mapped.Append(rune.ToString().Normalize(NormalizationForm.FormKC));
            else mapped.Append(rune.ToString());
        }
        var lower = mapped.ToString().ToLowerInvariant();
        return lower.IsNormalized(NormalizationForm.FormC) ? lower : lower.Normalize(NormalizationForm.FormC);
    }

    /// <summary>
    /// The characters whose decomposition is tagged &lt;wide&gt; or &lt;narrow&gt; (RFC 8264's width
    /// mapping): the Halfwidth and Fullwidth Forms block and the ideographic space.
    /// </summary>
    private static bool IsWidthForm(Rune rune) => rune.Value is (>= 0xFF01 and <= 0xFFEE) or 0x3000;

    private sealed class KeyComparer : IEqualityComparer<string>
    {
        public bool Equals(string? x, string? y) =>
            ReferenceEquals(x, y) || (x is not null && y is not null && string.Equals(Of(x), Of(y), StringComparison.Ordinal));

        public int GetHashCode(string name) => Of(name).GetHashCode(StringComparison.Ordinal);
    }
}
