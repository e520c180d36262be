using System.Text.RegularExpressions;

namespace RxChat.Client.Lines;

/// <summary>
/// Where someone else's message names this client's user: the name as a whole word, in
/// any case (<c>Bob,</c> and <c>@bob</c> mention bob; <c>bobcat</c> does not).
/// </summary>
internal static class Mentions
{
    private static (string Name, Regex Pattern)? _cached;   // one user per process: build the pattern once

    /// <summary>The line, marked with <paramref name="me"/> when it is chat that mentions them.</summary>
    public static ServerLine Mark(ServerLine line, string me) =>
        line.Kind == LineKind.Chat && Pattern(me).IsMatch(line.Message!) ? line with { Mentioned = me } : line;

    /// <summary>The message cut into pieces, each either a mention of <paramref name="me"/> or the text between.</summary>
    public static IEnumerable<(string Text, bool IsMention)> Split(string message, string me)
    {
        var at = 0;
        foreach (Match match in Pattern(me).Matches(message))
        {
            if (match.Index > at) yield return (message[at..match.Index], false);
            yield return (match.Value, true);
            at = match.Index + match.Length;
        }
        if (at < message.Length) yield return (message[at..], false);
    }

    private static Regex Pattern(string me)
    {
        if (_cached is { } cached && cached.Name == me) return cached.Pattern;
        var pattern = new Regex($@"(?<![\p{{L}}\p{{N}}_]){Regex.Escape(me)}(?![\p{{L}}\p{{N}}_])",
            RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
        _cached = (me, pattern);
        return pattern;
    }
}
