using RxChat.Client.Lines;
using RxChat.Protocol;
using Spectre.Console;

namespace RxChat.Client.Rendering;

/// <summary>
/// Turns a classified line into Spectre.Console markup. Pure: no console, no clock.
/// The words on screen are exactly the server's (plain mode prints <see cref="ServerLine.Text"/>,
/// and the markup's visible text is the same string); colour only adds meaning:
/// timestamps dim, every name in its own stable colour, the user's own lines apart,
/// system lines apart from chat, history dimmed. Every piece of text that came from the
/// network goes through <see cref="Markup.Escape"/>, so <c>[red]</c> in a message prints literally.
/// </summary>
/// <remarks>
/// Meaning that has a colour (joins, errors) takes one the user palette never uses; the
/// rest is said with what every theme draws the same way — dim, bold, italic, reverse —
/// so a light background reads as well as a dark one.
/// </remarks>
internal static class LineRenderer
{
    public const string TimeStyle = "dim";
    public const string SystemStyle = "italic";
    public const string ErrorStyle = "red3_1";
    public const string JoinStyle = "green4";
    public const string LeaveStyle = "grey50";
    public const string WelcomeStyle = "bold green4";
    public const string ShutdownStyle = "bold red3_1";
    public const string LeaderStyle = "bold italic";
    public const string HistoryStyle = "dim";
    public const string HistoryFrameStyle = "dim italic";
    public const string MentionStyle = "bold reverse";
    public const string OwnTextStyle = "italic";
    public const string NoticeStyle = "bold";
    /// <summary>A direct message, sent or received: its arrow marked, its text in a colour no name has.</summary>
    public const string DirectMarkerStyle = "bold reverse";
    public const string DirectStyle = "gold3_1";
    public const string RemovedStyle = "bold red3_1";

    public static string ToMarkup(ServerLine line) => line.Kind switch
    {
        LineKind.Chat => $"{Stamp(line)}{Name(line.User!)}: {Said(line)}",
        LineKind.OwnChat => $"{Stamp(line)}[bold underline {UserPalette.ColourOf(line.User!)}]{E(line.User!)}[/]: [{OwnTextStyle}]{E(line.Message!)}[/]",
        LineKind.History => $"{Stamp(line)}[{HistoryStyle} {UserPalette.ColourOf(line.User!)}]{E(line.User!)}[/][{HistoryStyle}]: {E(line.Message!)}[/]",
        LineKind.DirectMessage =>
            $"{Stamp(line)}{Name(line.User!)}[{DirectMarkerStyle}]{E(" -> ")}[/]{Name(line.To!)}[{DirectStyle}]: {E(line.Message!)}[/]",
        LineKind.Action => $"{Stamp(line)}[{SystemStyle}]* [/]{Name(line.User!)} [italic]{E(line.Message!)}[/]",
        LineKind.Topic when line.Time is not null =>
            $"{Stamp(line)}{Name(line.User!)} [{LeaderStyle}]set the topic of[/] [bold]{E(line.Room!)}[/][{LeaderStyle}]:[/] [bold]{E(line.Message!)}[/]",
        LineKind.Topic when line.Message is not null =>
            $"[{SystemStyle}]Topic of[/] [bold]{E(line.Room!)}[/][{SystemStyle}]:[/] [bold]{E(line.Message)}[/]",
        LineKind.Removed when line.Time is not null => $"{Stamp(line)}[{RemovedStyle}]{E(line.Text[Stamped.Length..])}[/]",
        LineKind.Removed => $"[{RemovedStyle}]{E(line.Text)}[/]",
        LineKind.HistoryFrame => $"[{HistoryFrameStyle}]{E(line.Text)}[/]",
        LineKind.Joined => $"{Stamp(line)}{Name(line.User!)} [{JoinStyle}]joined the room[/]",
        LineKind.Left => $"{Stamp(line)}{Name(line.User!)} [{LeaveStyle}]left the room[/] [bold]{E(line.Room!)}[/]",
        LineKind.NowLeader => $"{Stamp(line)}{Name(line.User!)} [{LeaderStyle}]is now the leader of[/] [bold]{E(line.Room!)}[/]",
        LineKind.Leader => $"[{SystemStyle}]Leader of room[/] [bold]{E(line.Room!)}[/][{SystemStyle}]:[/] {Name(line.User!)}",
        LineKind.Users => $"[{SystemStyle}]Users:[/] {string.Join(ServerLines.NameSeparator, line.Users!.Select(Name))}",
        LineKind.Members when line.Users is { } names =>
            $"[{SystemStyle}]Members of[/] [bold]{E(line.Room!)}[/][{SystemStyle}]:[/] {string.Join(ServerLines.NameSeparator, names.Select(n => Member(n, line.User)))}",
        LineKind.Rooms when line.Rooms is { } rooms =>
            $"[{SystemStyle}]Rooms:[/] {string.Join(ServerLines.NameSeparator, rooms.Select(r => $"[bold]{E(r.Room)}[/] [{TimeStyle}]({E(r.Members)})[/]"))}",
        LineKind.RoomReply when line.Room is { } room =>
            $"[{SystemStyle}]{E(line.Text[..^room.Length])}[/][bold]{E(room)}[/]",
        LineKind.Welcome => $"[{WelcomeStyle}]{E(line.Text)}[/]",
        LineKind.ServerShutdown => $"[{ShutdownStyle}]{E(line.Text)}[/]",
        LineKind.Error or LineKind.LoginRefused => $"[{ErrorStyle}]{E(line.Text)}[/]",
        LineKind.OwnCommand => $"[{TimeStyle}]{E(line.Text)}[/]",
        LineKind.Notice => $"[{NoticeStyle}]{E(line.Text)}[/]",
        _ when line.Time is not null => $"{Stamp(line)}[{SystemStyle}]{E(line.Text[Stamped.Length..])}[/]",
        _ => $"[{SystemStyle}]{E(line.Text)}[/]",
    };

    private const string Stamped = "[12:34:56] ";

    private static string Stamp(ServerLine line) => $"[{TimeStyle}]{E($"[{line.Time}]")}[/] ";

    private static string Name(string user) => $"[bold {UserPalette.ColourOf(user)}]{E(user)}[/]";

    /// <summary>A name in <c>/who</c>'s answer, the leader's followed by its mark.</summary>
    private static string Member(string name, string? leader) =>
        name == leader ? $"{Name(name)}[{LeaderStyle}]{E(ServerLines.LeaderEntry.Render(name)[name.Length..])}[/]" : Name(name);

    /// <summary>What someone said, with every mention of this client's user highlighted.</summary>
    private static string Said(ServerLine line) =>
        line.Mentioned is { } me
            ? string.Concat(Mentions.Split(line.Message!, me).Select(p => p.IsMention ? $"[{MentionStyle}]{E(p.Text)}[/]" : E(p.Text)))
            : E(line.Message!);

    private static string E(string text) => Markup.Escape(text);
}
