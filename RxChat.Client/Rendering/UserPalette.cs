namespace RxChat.Client.Rendering;

/// <summary>
/// Gives each username its own colour, the same in every run: the colour is picked by the
/// name's FNV-1a hash. Eight hues, chosen so that any two are told apart at a glance, none
/// is near the colours that mean something else on screen (joins, leaves, errors), and each
/// keeps a contrast of at least 3:1 against both a black and a white background (bold
/// names on a dark or a light theme). <c>UserPaletteTests</c> checks all three.
/// </summary>
internal static class UserPalette
{
    /// <summary>Spectre.Console colour names (xterm-256); on a 16-colour terminal Spectre picks the nearest.</summary>
    public static readonly IReadOnlyList<string> Colours =
    [
        "deeppink2", "darkorange3", "yellow4", "springgreen4",
        "deepskyblue3_1", "lightslateblue", "magenta2", "deeppink1_1",
    ];

    public static string ColourOf(string username) =>
        Colours[(int)(Fnv1a.Hash(username) % (uint)Colours.Count)];
}
