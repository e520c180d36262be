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

    /// <summary>What a client sends to leave; <c>exit</c> and <c>/quit</c> mean the same.</summary>
    public const string Quit = "quit";

    /// <summary><c>quit</c> (the original's README), <c>exit</c> (its client) and <c>/quit</c> (RxChat).</summary>
    public static bool IsGoodbye(string trimmed) => trimmed is "quit" or "exit" or "/quit";
}
