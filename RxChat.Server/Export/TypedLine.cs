using System.Globalization;
using RxChat.Protocol;
using RxChat.Server.Core;
using RxChat.Server.Protocol;

namespace RxChat.Server.Export;

/// <summary>
/// The line a text client types to make a logged command: <see cref="CommandParser"/> read
/// backwards. A line is only given when reading it again makes the very same command, so a
/// replayed line decides what the logged one decided; anything else (a password, a JSON or
/// IRC command the text protocol cannot say) has no typed line.
/// </summary>
public static class TypedLine
{
    /// <summary>The typed line, or null when the text protocol cannot make <paramref name="command"/>.</summary>
    /// <param name="awaitingLogin">Whether the connection's username is still to come (its first line is its name).</param>
    public static string? Of(Command command, bool awaitingLogin)
    {
        var line = Spelled(command);
        if (line is null) return null;
        return Equals(CommandParser.Parse(line, awaitingLogin), command) ? line : null;
    }

    private static string? Spelled(Command command) => command switch
    {
        Login { Account: null } login => login.Username,
        Join join => $"{ClientLines.JoinPrefix}{join.Room}",
        Misused { Command: CommandName.Join } => ClientLines.Join,
        Misused { Command: CommandName.Msg } => ClientLines.Msg,
        Misused { Command: CommandName.Me } => ClientLines.Me,
        Misused { Command: CommandName.Kick } => ClientLines.Kick,
        Misused { Command: CommandName.History } => $"{ClientLines.HistoryPrefix}0",
        Say { Room: null, Quietly: false } say => say.Text,
        ListUsers => ClientLines.Users,
        WhichRoom => ClientLines.Room,
        WhoLeads => ClientLines.Leader,
        ListRooms => ClientLines.Rooms,
        WhoIsHere { Detailed: false } => ClientLines.Who,
        ShowHistory { Count: null } => ClientLines.History,
        ShowHistory { Count: { } n } => ClientLines.HistoryPrefix + n.ToString(CultureInfo.InvariantCulture),
        Help => ClientLines.Help,
        UnknownCommand unknown => unknown.Line,
        Quit => ClientLines.Quit,
        Tell tell => $"{ClientLines.MsgPrefix}{tell.User} {tell.Text}",
        Act act => $"{ClientLines.MePrefix}{act.Action}",
        ShowTopic => ClientLines.Topic,
        SetTopic set => $"{ClientLines.TopicPrefix}{set.Topic}",
        Kick { Reason: null } kick => $"{ClientLines.KickPrefix}{kick.User}",
        Kick kick => $"{ClientLines.KickPrefix}{kick.User} {kick.Reason}",
        _ => null,
    };
}
