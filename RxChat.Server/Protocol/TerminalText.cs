using System.Text;
using System.Text.RegularExpressions;
using RxChat.Server.Core;

namespace RxChat.Server.Protocol;

/// <summary>
/// Makes chat text safe to print on someone else's terminal: whole escape sequences
/// (CSI such as colour codes, OSC such as window titles) are removed with their
/// parameters, so no stray <c>[31m</c> is left behind; any other control character is
/// dropped, except a tab, which becomes a space.
/// </summary>
public static partial class TerminalText
{
    [GeneratedRegex(@"\x1B(?:\[[0-?]*[ -/]*[@-~]?|\][^\x07\x1B]*(?:\x07|\x1B\\)?|[@-Z\\-_])|\x9B[0-?]*[ -/]*[@-~]?")]
    private static partial Regex EscapeSequence();

    public static string Clean(string text)
    {
        if (!ControlCharacters.Any(text)) return text;
        var withoutSequences = EscapeSequence().Replace(text, "");
        var clean = new StringBuilder(withoutSequences.Length);
        foreach (char c in withoutSequences)
        {
            if (c == '\t') clean.Append(' ');
            else if (!ControlCharacters.Is(c)) clean.Append(c);
        }
        return clean.ToString();
    }
}
