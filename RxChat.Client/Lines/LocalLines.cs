namespace RxChat.Client.Lines;

/// <summary>
/// The lines the client itself puts on screen, shaped like the server's so they read the
/// same way: the echo of the user's own message (the server does not echo it), the echo
/// of a command, and the client's notices.
/// </summary>
internal static class LocalLines
{
    public const string CommandEchoPrefix = "> ";

    /// <summary>The user's own message, stamped with the local clock like the server stamps others'.</summary>
    public static ServerLine OwnChat(string user, string message, TimeOnly time)
    {
        var stamp = time.ToString("HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture);
        return new(LineKind.OwnChat, $"[{stamp}] {user}: {message}") { Time = stamp, User = user, Message = message };
    }

    public static ServerLine OwnCommand(string command) => new(LineKind.OwnCommand, CommandEchoPrefix + command);

    public static ServerLine Notice(string text) => new(LineKind.Notice, text);
}
