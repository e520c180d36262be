using System.Text;

namespace RxChat.Server.Protocol;

/// <summary>
/// One IRC message as a client sends it: <c>[@tags] [:source] COMMAND param… [:trailing]</c>.
/// Tags and source are read past (a client's tags ask nothing of the chat); the command is
/// upper-cased, as IRC commands are case-insensitive.
/// </summary>
/// <param name="Length">The UTF-8 bytes of the message without its tags: what the 512-byte limit counts.</param>
public sealed record IrcMessage(string Command, IReadOnlyList<string> Params, int Length)
{
    /// <summary>The parameter at <paramref name="index"/>, or null when there are fewer.</summary>
    public string? Param(int index) => index < Params.Count ? Params[index] : null;

    /// <summary>Reads a line (CR LF already gone); null when it holds no command (blank, or tags alone).</summary>
    public static IrcMessage? Parse(string line)
    {
        var rest = line.AsSpan().TrimStart(' ');
        if (rest.Length > 0 && rest[0] == '@') rest = AfterWord(rest);
        int length = Encoding.UTF8.GetByteCount(rest) + 2; // CR LF
        if (rest.Length > 0 && rest[0] == ':') rest = AfterWord(rest);
        if (rest.IsEmpty) return null;

        int end = rest.IndexOf(' ');
        var command = (end < 0 ? rest : rest[..end]).ToString().ToUpperInvariant();
        rest = end < 0 ? [] : rest[(end + 1)..];
        var parameters = new List<string>(4);
        while (true)
        {
            rest = rest.TrimStart(' ');
            if (rest.IsEmpty) break;
            if (rest[0] == ':')
            {
                parameters.Add(rest[1..].ToString());
                break;
            }
            end = rest.IndexOf(' ');
            parameters.Add((end < 0 ? rest : rest[..end]).ToString());
            if (end < 0) break;
            rest = rest[(end + 1)..];
        }
        return new IrcMessage(command, parameters, length);
    }

    private static ReadOnlySpan<char> AfterWord(ReadOnlySpan<char> text)
    {
        int space = text.IndexOf(' ');
        return space < 0 ? [] : text[(space + 1)..].TrimStart(' ');
    }
}
