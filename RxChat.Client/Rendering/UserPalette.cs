namespace RxChat.Client.Rendering;

/// <summary>
/// Gives each username its own colour, the same in every run: the colour is picked by the
/// name's FNV-1a hash. The palette leaves out the colours that mean something else on
/// screen (green and yellow for joins and leaves, red for errors, grey for timestamps) and
/// colours that are hard to read on a dark or light background.
/// </summary>
internal static class UserPalette
{
    /// <summary>Spectre.Console colour names; on a 16-colour terminal Spectre picks the nearest.</summary>
    public static readonly IReadOnlyList<string> Colours =
    [
        "dodgerblue1", "hotpink", "orange1", "mediumpurple1", "turquoise2", "salmon1",
        "deepskyblue1", "orchid", "darkorange", "lightseagreen", "slateblue1", "plum1",
    ];

    public static string ColourOf(string username) =>
        Colours[(int)(Fnv1a.Hash(username) % (uint)Colours.Count)];
}
