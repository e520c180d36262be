using System.Text;

namespace RxChat.Protocol;

/// <summary>
/// Makes text safe to print on someone else's terminal. The server cleans every chat line
/// before relaying it, and the client cleans every line it receives before printing it (it
/// may be talking to another server): one rule for both ends. Every control character
/// goes, an escape sequence goes whole (not just its ESC, which would leave debris like
/// <c>[31m</c>), and so do the Unicode bidirectional overrides that make a line read
/// differently from what it is. A tab becomes a space, so columns stay predictable.
/// </summary>
public static class TerminalText
{
    private const char Escape = '\u001b';
    private const char Bell = '\u0007';
    private const char EightBitCsi = '\u009b'; // the one-character form of ESC [

    /// <summary><paramref name="text"/> without control characters, escape sequences or bidi overrides.</summary>
    public static string Clean(string text)
    {
        if (!NeedsWork(text)) return text;

        var clean = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == Escape) { i = EndOfEscapeSequence(text, i); continue; }
            if (c == EightBitCsi) { i = EndOfControlSequence(text, i + 1); continue; }
            if (c == '\t') { clean.Append(' '); continue; }
            if (IsUnsafe(c)) continue;
            clean.Append(c);
        }
        return clean.ToString();
    }

    private static bool NeedsWork(string text)
    {
        foreach (var c in text)
            if (c == '\t' || IsUnsafe(c)) return true;
        return false;
    }

    private static bool IsUnsafe(char c) =>
        ControlCharacters.Is(c)                  // C0, DEL and C1 (which includes the 8-bit CSI)
        || c is >= '\u202a' and <= '\u202e'      // bidi embeddings and overrides
        || c is >= '\u2066' and <= '\u2069';     // bidi isolates

    /// <summary>
    /// The end of a CSI's parameters and intermediate bytes, which run up to one final byte
    /// in <c>@..~</c>; from <paramref name="from"/>, just after the introducer.
    /// </summary>
    private static int EndOfControlSequence(string text, int from)
    {
        for (var i = from; i < text.Length; i++)
        {
            if (text[i] is >= '@' and <= '~') return i;
            if (text[i] is < ' ' or > '?') return i - 1; // not a sequence after all: keep what follows
        }
        return text.Length - 1;
    }

    /// <summary>The index of the last character of the escape sequence starting at <paramref name="start"/>.</summary>
    private static int EndOfEscapeSequence(string text, int start)
    {
        var next = start + 1;
        if (next >= text.Length) return start;
        switch (text[next])
        {
            case '[':
                return EndOfControlSequence(text, next + 1);
            case ']':
            case 'P':
            case '_':
            case '^':
                // OSC / DCS / APC / PM: a string ended by BEL or by ESC \ (string terminator).
                for (var i = next + 1; i < text.Length; i++)
                {
                    if (text[i] == Bell) return i;
                    if (text[i] == Escape) return i + 1 < text.Length && text[i + 1] == '\\' ? i + 1 : i;
                }
                return text.Length - 1;
            default:
                // A two-character sequence such as ESC c (reset) or ESC 7 (save cursor).
                return next;
        }
    }
}
