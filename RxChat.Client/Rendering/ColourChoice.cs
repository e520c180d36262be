namespace RxChat.Client.Rendering;

/// <summary>When the client prints colour. Pure, so the rule is tested rather than described.</summary>
internal static class ColourChoice
{
    /// <param name="noColorOption"><c>--no-color</c> was given.</param>
    /// <param name="noColorVariable">The <c>NO_COLOR</c> environment variable: set and not empty means no colour.</param>
    /// <param name="redirected">The output is a file or a pipe, read by a program rather than a person.</param>
    /// <param name="terminalSupportsAnsi">The terminal understands ANSI styles at all (not e.g. <c>TERM=dumb</c>).</param>
    public static bool UseColour(bool noColorOption, string? noColorVariable, bool redirected, bool terminalSupportsAnsi) =>
        !noColorOption && string.IsNullOrEmpty(noColorVariable) && !redirected && terminalSupportsAnsi;
}
