namespace RxChat.Client.Input;

/// <summary>The few things the user types that the client handles itself instead of sending.</summary>
internal static class UserCommands
{
    /// <summary>What the client sends the server when the user leaves.</summary>
    public const string QuitLine = "quit";

    /// <summary>
    /// <c>quit</c> (the original's README), <c>exit</c> (what the original's client sent) and
    /// <c>/quit</c> (RxChat) all mean leave.
    /// </summary>
    public static bool IsQuit(string trimmed) => trimmed is "quit" or "exit" or "/quit";

    /// <summary>The original server answers <c>Unknown command</c> to <c>/help</c>, so it is answered here.</summary>
    public static bool IsHelp(string trimmed) => trimmed == "/help";

    /// <summary>The original server disconnects a client that sends a blank line: never send one.</summary>
    public static bool IsBlank(string line) => string.IsNullOrWhiteSpace(line);

    public static readonly IReadOnlyList<string> Help =
    [
        "Commands:",
        "  /join <room>   join a room (it is created if it does not exist); leaves your room",
        "  /room          which room you are in",
        "  /users         everyone connected",
        "  /leader        the leader of your room",
        "  /help          this list",
        "  quit or exit   leave the chat (so do Ctrl+C, and Ctrl+D on an empty line)",
        "Anything else is a message to everyone else in your room.",
    ];
}
