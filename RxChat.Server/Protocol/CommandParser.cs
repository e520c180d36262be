using RxChat.Server.Core;

namespace RxChat.Server.Protocol;

/// <summary>
/// Turns one received line into a <see cref="Command"/>, exactly as PROTOCOL.md reads
/// it: the line is trimmed; commands are matched exactly and case-sensitively;
/// <c>/join</c> takes everything after <c>"/join "</c>, trimmed, spaces included.
/// </summary>
public static class CommandParser
{
    /// <summary>Parses <paramref name="line"/>; blank lines are <c>null</c> (ignored, PROTOCOL.md Part 2).</summary>
    /// <param name="isFirst">The first non-blank line of a connection is its username.</param>
    public static Command? Parse(string line, bool isFirst)
    {
        var text = line.Trim();
        if (text.Length == 0) return null;
        if (IsGoodbye(text)) return Quit.Instance;
        if (isFirst) return new Login(text);
        if (text[0] != '/') return SayCleaned(text);

        return text switch
        {
            "/users" => ListUsers.Instance,
            "/room" => WhichRoom.Instance,
            "/leader" => WhoLeads.Instance,
            "/join" => JoinWithoutRoom.Instance,
            _ when text.StartsWith("/join ", StringComparison.Ordinal) => new Join(text["/join ".Length..].Trim()),
            _ => new UnknownCommand(text),
        };
    }

    /// <summary>A chat line made of nothing but control sequences says nothing: it is ignored like a blank one.</summary>
    private static Say? SayCleaned(string text)
    {
        var clean = TerminalText.Clean(text).Trim();
        return clean.Length == 0 ? null : new Say(clean);
    }

    /// <summary><c>quit</c> (the original's README), <c>exit</c> (its client) and <c>/quit</c>.</summary>
    private static bool IsGoodbye(string text) => text is "quit" or "exit" or "/quit";
}
