using System.Globalization;
using RxChat.Protocol;
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
        if (ClientLines.IsGoodbye(text)) return Quit.Instance;
        if (isFirst) return new Login(text);
        if (text[0] != '/') return SayCleaned(text);

        return text switch
        {
            ClientLines.Users => ListUsers.Instance,
            ClientLines.Room => WhichRoom.Instance,
            ClientLines.Leader => WhoLeads.Instance,
            ClientLines.Who => WhoIsHere.Instance,
            ClientLines.Rooms => ListRooms.Instance,
            ClientLines.Help => Help.Instance,
            ClientLines.Join => new Misused(CommandName.Join),
            ClientLines.History => new ShowHistory(),
            ClientLines.Topic => ShowTopic.Instance,
            ClientLines.Msg => new Misused(CommandName.Msg),
            ClientLines.Me => new Misused(CommandName.Me),
            ClientLines.Kick => new Misused(CommandName.Kick),
            _ when text.StartsWith(ClientLines.JoinPrefix, StringComparison.Ordinal) => new Join(text[ClientLines.JoinPrefix.Length..].Trim()),
            _ when text.StartsWith(ClientLines.HistoryPrefix, StringComparison.Ordinal) => History(text[ClientLines.HistoryPrefix.Length..].Trim()),
            _ when text.StartsWith(ClientLines.MsgPrefix, StringComparison.Ordinal) => Tell(text[ClientLines.MsgPrefix.Length..]),
            _ when text.StartsWith(ClientLines.MePrefix, StringComparison.Ordinal) => Act(text[ClientLines.MePrefix.Length..]),
            _ when text.StartsWith(ClientLines.TopicPrefix, StringComparison.Ordinal) => Topic(text[ClientLines.TopicPrefix.Length..]),
            _ when text.StartsWith(ClientLines.KickPrefix, StringComparison.Ordinal) => Kick(text[ClientLines.KickPrefix.Length..]),
            _ when MayCarryAPassword(text) => Password(text),
            _ => new UnknownCommand(text),
        };
    }

    /// <summary><c>/history n</c> with n a whole number from 1 up; anything else is shown the usage.</summary>
    private static Command History(string count) =>
        int.TryParse(count, NumberStyles.None, CultureInfo.InvariantCulture, out int n) && n > 0
            ? new ShowHistory(n)
            : new Misused(CommandName.History);

    /// <summary>
    /// <c>/register</c> and <c>/password</c>, in any case and however mistyped after them
    /// (<c>/Register secret</c>, <c>/passwordsecret</c>): such a line may hold a password, so it
    /// never becomes an <see cref="UnknownCommand"/>, which would keep its text in the log.
    /// </summary>
    private static bool MayCarryAPassword(string text) =>
        text.StartsWith(ClientLines.Register, StringComparison.OrdinalIgnoreCase)
        || text.StartsWith(ClientLines.Password, StringComparison.OrdinalIgnoreCase);

    /// <summary>A password is one word (no spaces); anything else is shown the usage, and the line is forgotten.</summary>
    private static Command Password(string text)
    {
        var words = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        return words switch
        {
            [ClientLines.Register, var password] => new RegisterPassword(password),
            [ClientLines.Password, var old, var @new] => new ChangeMyPassword(old, @new),
            _ => new Misused(text.StartsWith(ClientLines.Register, StringComparison.OrdinalIgnoreCase) ? CommandName.Register : CommandName.Password),
        };
    }

    /// <summary><c>/msg {user} {text}</c>: the first word is the user, the rest (cleaned like a chat line) the text; without text, the usage.</summary>
    private static Command Tell(string rest)
    {
        var (user, text) = FirstWord(rest);
        var clean = Cleaned(text);
        return user.Length == 0 || clean.Length == 0 ? new Misused(CommandName.Msg) : new Tell(user, clean);
    }

    /// <summary><c>/me {action}</c>, cleaned like a chat line; nothing left is shown the usage.</summary>
    private static Command Act(string action) =>
        Cleaned(action) is { Length: > 0 } clean ? new Act(clean) : new Misused(CommandName.Me);

    /// <summary><c>/topic {text}</c>, cleaned like a chat line; nothing left asks for the topic instead.</summary>
    private static Command Topic(string topic) =>
        Cleaned(topic) is { Length: > 0 } clean ? new SetTopic(clean) : ShowTopic.Instance;

    /// <summary><c>/kick {user} [reason]</c>: the first word is the user, the rest (cleaned like a chat line) the reason.</summary>
    private static Command Kick(string rest)
    {
        var (user, reason) = FirstWord(rest);
        var clean = Cleaned(reason);
        return user.Length == 0 ? new Misused(CommandName.Kick) : new Kick(user, clean.Length == 0 ? null : clean);
    }

    /// <summary>The first word of <paramref name="text"/> (a username has no spaces) and what follows it, both trimmed.</summary>
    private static (string Word, string After) FirstWord(string text)
    {
        var trimmed = text.Trim();
        int space = trimmed.IndexOfAny([' ', '\t']);
        return space < 0 ? (trimmed, "") : (trimmed[..space], trimmed[(space + 1)..].Trim());
    }

    private static string Cleaned(string text) => TerminalText.Clean(text).Trim();

    /// <summary>A chat line made of nothing but control sequences says nothing: it is ignored like a blank one.</summary>
    private static Say? SayCleaned(string text)
    {
        var clean = Cleaned(text);
        return clean.Length == 0 ? null : new Say(clean);
    }
}
