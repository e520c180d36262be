namespace RxChat.Protocol;

/// <summary>What a client may send, as PROTOCOL.md spells it: the first line is the username; then these.</summary>
public static class ClientLines
{
    public const string Join = "/join";
    public const string JoinPrefix = "/join ";
    public const string Users = "/users";
    public const string Room = "/room";
    public const string Leader = "/leader";
    public const string Who = "/who";
    public const string Rooms = "/rooms";
    public const string History = "/history";
    public const string HistoryPrefix = "/history ";
    public const string Help = "/help";
    public const string Msg = "/msg";
    public const string MsgPrefix = "/msg ";
    public const string Me = "/me";
    public const string MePrefix = "/me ";
    public const string Topic = "/topic";
    public const string TopicPrefix = "/topic ";
    public const string Kick = "/kick";
    public const string KickPrefix = "/kick ";
    public const string Register = "/register";
    public const string Password = "/password";

    /// <summary>
    /// The longest line a server takes by default, in UTF-8 bytes without the newline; a longer
    /// one is refused whole with <see cref="ServerLines.LineTooLong"/>. (A server may be configured otherwise.)
    /// </summary>
    public const int DefaultMaxLineBytes = 4096;

    /// <summary>What a client sends to leave; <c>exit</c> and <c>/quit</c> mean the same.</summary>
    public const string Quit = "quit";

    /// <summary><c>quit</c> (the original's README), <c>exit</c> (its client) and <c>/quit</c> (RxChat).</summary>
    public static bool IsGoodbye(string trimmed) => trimmed is "quit" or "exit" or "/quit";
}
