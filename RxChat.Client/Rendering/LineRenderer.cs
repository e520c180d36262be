using RxChat.Client.Lines;
using Spectre.Console;

namespace RxChat.Client.Rendering;

/// <summary>
/// Turns a classified line into Spectre.Console markup. Pure: no console, no clock.
/// The words on screen are exactly the server's (plain mode prints <see cref="ServerLine.Text"/>,
/// and the markup's visible text is the same string); colour only adds meaning:
/// timestamps dim, every name in its own stable colour, the user's own lines apart,
/// system lines apart from chat. Every piece of text that came from the network goes
/// through <see cref="Markup.Escape"/>, so <c>[red]</c> in a message prints literally.
/// </summary>
internal static class LineRenderer
{
    public const string TimeStyle = "dim";
    public const string SystemStyle = "deepskyblue3";
    public const string ErrorStyle = "red";
    public const string JoinStyle = "green";
    public const string LeaveStyle = "yellow";
    public const string WelcomeStyle = "bold green";
    public const string ShutdownStyle = "bold yellow";
    public const string OwnTextStyle = "italic";
    public const string NoticeStyle = "magenta";

    public static string ToMarkup(ServerLine line) => line.Kind switch
    {
        LineKind.Chat => $"{Stamp(line)}{Name(line.User!)}: {E(line.Message!)}",
        LineKind.OwnChat => $"{Stamp(line)}[bold underline {UserPalette.ColourOf(line.User!)}]{E(line.User!)}[/]: [{OwnTextStyle}]{E(line.Message!)}[/]",
        LineKind.Joined => $"{Stamp(line)}{Name(line.User!)} [{JoinStyle}]joined the room[/]",
        LineKind.Left => $"{Stamp(line)}{Name(line.User!)} [{LeaveStyle}]left the room[/] [bold]{E(line.Room!)}[/]",
        LineKind.Leader => $"[{SystemStyle}]Leader of room[/] [bold]{E(line.Room!)}[/][{SystemStyle}]:[/] {Name(line.User!)}",
        LineKind.Users => $"[{SystemStyle}]Users:[/] {string.Join(", ", line.Users!.Select(Name))}",
        LineKind.RoomReply when line.Room is { } room =>
            $"[{SystemStyle}]{E(line.Text[..^room.Length])}[/][bold]{E(room)}[/]",
        LineKind.Welcome => $"[{WelcomeStyle}]{E(line.Text)}[/]",
        LineKind.ServerShutdown => $"[{ShutdownStyle}]{E(line.Text)}[/]",
        LineKind.Error => $"[{ErrorStyle}]{E(line.Text)}[/]",
        LineKind.OwnCommand => $"[{TimeStyle}]{E(line.Text)}[/]",
        LineKind.Notice => $"[{NoticeStyle}]{E(line.Text)}[/]",
        _ when line.Time is not null => $"{Stamp(line)}[{SystemStyle}]{E(line.Text[Stamped.Length..])}[/]",
        _ => $"[{SystemStyle}]{E(line.Text)}[/]",
    };

    private const string Stamped = "[12:34:56] ";

    private static string Stamp(ServerLine line) => $"[{TimeStyle}]{E($"[{line.Time}]")}[/] ";

    private static string Name(string user) => $"[bold {UserPalette.ColourOf(user)}]{E(user)}[/]";

    private static string E(string text) => Markup.Escape(text);
}
