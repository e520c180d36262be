using System.Globalization;
using RxChat.Client.Input;
using RxChat.Protocol;

namespace RxChat.Client.Lines;

/// <summary>
/// Everything the client itself says, in one place: the echo of the user's own message
/// (the server does not echo it), the echo of a command, the prompt, and the client's
/// notices. Echoes are shaped like the server's lines so they read the same way.
/// </summary>
internal static class LocalLines
{
    public const string CommandEchoPrefix = "> ";

    /// <summary>The user's own message, stamped with the local clock like the server stamps others'.</summary>
    public static ServerLine OwnChat(string user, string message, TimeOnly time)
    {
        var stamp = time.ToString("HH:mm:ss", CultureInfo.InvariantCulture);
        return new(LineKind.OwnChat, ServerLines.Chat.Render(stamp, user, message)) { Time = stamp, User = user, Message = message };
    }

    public static ServerLine OwnCommand(string command) => new(LineKind.OwnCommand, CommandEchoPrefix + command);

    public static ServerLine Notice(string text) => new(LineKind.Notice, text);

    /// <summary>The original client's first words, kept byte for byte; shown once the server has welcomed us.</summary>
    public static ServerLine Connected(string user) => new(LineKind.Reply, $"Connected to chat as {user}. Type 'quit' to exit.");

    /// <summary>
    /// Why the server would not log us in, in one line: its own reason, except that a wrong
    /// password says whose name it was for (the server's <c>Wrong password</c> does not).
    /// </summary>
    public static string Refusal(ServerLine refusal, string user) =>
        refusal.Shape == ServerLines.WrongPassword ? $"Wrong password for {user}" : refusal.Text;

    /// <summary>The one line a newcomer needs after the welcome.</summary>
    public static ServerLine Hint { get; } =
        Notice($"Type {ClientLines.Join} <room> to enter a room (it is created if needed), {ClientLines.Help} for the commands.");

    /// <summary>After a reconnect: it happened, and what may have been missed meanwhile.</summary>
    public static ServerLine Reconnected(string address, string? rejoining) => Notice(rejoining is null
        ? $"Reconnected to {address}. Lines sent while you were away did not reach you."
        : $"Reconnected to {address}; joining {rejoining} again. Lines sent while you were away reach you only as the room's history, if the server keeps one.");

    /// <summary><c>[main] alice&gt; </c> in a room, <c>alice&gt; </c> outside one.</summary>
    public static string Prompt(string user, string? room) => room is null ? $"{user}> " : $"[{room}] {user}> ";

    /// <summary><c>/r</c> with nobody to answer yet, or nothing to say.</summary>
    public static ServerLine NothingToAnswer(bool anyone) => Notice(anyone
        ? "Usage: /r <text> (answers the last person who wrote to you)"
        : "Not sent: nobody has written to you directly yet; /msg <user> <text> writes to someone.");

    public static ServerLine NotConnected(string line) => Notice($"Not connected, not sent: {line}");

    public static ServerLine NotSent(string line) => Notice($"Not sent: {line}");

    public static ServerLine NotInARoom { get; } =
        Notice($"Not sent: you are not in a room. Join one first with {ClientLines.Join} <room>.");

    /// <summary>A line the server would refuse as too long: said before sending, so nothing is lost or cut.</summary>
    public static ServerLine TooLong(int bytes, bool keptInEditor) => Notice(
        $"Not sent: the line is {bytes.ToString("N0", CultureInfo.InvariantCulture)} bytes, the server takes at most " +
        $"{LineLimit.MaxBytes.ToString("N0", CultureInfo.InvariantCulture)}." +
        (keptInEditor ? " It is still in the editor: shorten it and press Enter." : ""));
}
