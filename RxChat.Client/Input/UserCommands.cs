using RxChat.Protocol;

namespace RxChat.Client.Input;

/// <summary>The few things the user types that the client handles itself instead of sending.</summary>
internal static class UserCommands
{
    public static bool IsQuit(string trimmed) => ClientLines.IsGoodbye(trimmed);

    /// <summary>The original server answers <c>Unknown command</c> to <c>/help</c>, so it is answered here.</summary>
    public static bool IsHelp(string trimmed) => trimmed == ClientLines.Help;

    /// <summary>The original server disconnects a client that sends a blank line: never send one.</summary>
    public static bool IsBlank(string line) => string.IsNullOrWhiteSpace(line);

    /// <summary>
    /// <c>/register</c> or <c>/password</c> (in any case): the line holds a password, so it is
    /// echoed masked and not kept for Up.
    /// </summary>
    public static bool CarriesPassword(string trimmed) =>
        trimmed.StartsWith(ClientLines.Register, StringComparison.OrdinalIgnoreCase)
        || trimmed.StartsWith(ClientLines.Password, StringComparison.OrdinalIgnoreCase);

    /// <summary>What is shown of a line: a password command as its first word and stars.</summary>
    public static string Shown(string trimmed) =>
        CarriesPassword(trimmed) ? trimmed.Split(' ', 2)[0] + (trimmed.Contains(' ') ? " ********" : "") : trimmed;

    /// <summary><c>/r {text}</c>: the client's own, an answer to the last person who wrote to the user directly.</summary>
    public static bool IsAnswer(string trimmed) => trimmed == Answer || trimmed.StartsWith(Answer + " ", StringComparison.Ordinal);

    /// <summary>
    /// <c>/r {text}</c> as the <c>/msg</c> it stands for, to <paramref name="lastWriter"/>;
    /// null when nobody has written yet or there is no text.
    /// </summary>
    public static string? Answering(string trimmed, string? lastWriter)
    {
        var text = trimmed[Answer.Length..].Trim();
        return lastWriter is null || text.Length == 0 ? null : $"{ClientLines.MsgPrefix}{lastWriter} {text}";
    }

    private const string Answer = "/r";

    /// <summary>A command (sent as typed, echoed as a command) rather than a message to the room.</summary>
    public static bool IsCommand(string trimmed) => trimmed.StartsWith('/');

    /// <summary>RxChat's own <c>/help</c>, and what only this client adds: its keys.</summary>
    public static readonly IReadOnlyList<string> Help =
    [
        .. ServerLines.Help,
        "  /r <text>               answer the last person who wrote to you directly",
        "Keys: Up/Down earlier lines, Tab completes a name (after /msg too), Ctrl+W/Ctrl+K/Ctrl+U delete,",
        "  Alt+B/Alt+F or Ctrl+Left/Right move by word, Ctrl+C or Ctrl+D on an empty line leave.",
    ];
}
