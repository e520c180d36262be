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
/// the same on every node and in every version: the width mapping is a table of this server's
/// (<see cref="WidthMapping"/>), NFC comes from a package's tables (<see cref="Nfc"/>), and the
/// lower-casing is .NET's invariant one (its own Unicode data, not the operating system's).
/// Unicode's stability policies keep all three fixed for characters already assigned.
/// </summary>
public static class UsernameKey
{
    /// <summary>Compares usernames by their keys: the comparer of every dictionary of names.</summary>
    public static readonly IEqualityComparer<string> Comparer = new KeyComparer();

    /// <summary>The form two names are compared in.</summary>
    public static string Of(string name)
    {
        if (Ascii.IsValid(name)) return name.ToLowerInvariant(); // width mapping and NFC change no ASCII
        return Nfc(WidthMapping.Apply(name).ToLowerInvariant());
    }

    /// <summary>
    /// Normalization Form C, from the tables of ADRaffy.ENSNormalize (Unicode 15.1, fixed by the
    /// package's version): the server runs without ICU (invariant globalization), where
    /// <see cref="string.Normalize()"/> leaves text as it is, and a table shipped with the server is
    /// the same on every node whatever its operating system.
    /// </summary>
    public static string Nfc(string text) => ADRaffy.ENSNormalize.ENSNormalize.NF.NFC(text);

    /// <summary>Normalization Form D, from the same tables.</summary>
    public static string Nfd(string text) => ADRaffy.ENSNormalize.ENSNormalize.NF.NFD(text);

    private sealed class KeyComparer : IEqualityComparer<string>
    {
        public bool Equals(string? x, string? y) =>
            ReferenceEquals(x, y) || (x is not null && y is not null && string.Equals(Of(x), Of(y), StringComparison.Ordinal));

        public int GetHashCode(string name) => Of(name).GetHashCode(StringComparison.Ordinal);
    }
}
