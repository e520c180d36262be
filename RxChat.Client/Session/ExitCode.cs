namespace RxChat.Client.Session;

/// <summary>How the client ended, for scripts.</summary>
internal static class ExitCode
{
    /// <summary>The user left (quit, exit, Ctrl+C, end of piped input).</summary>
    public const int Left = 0;

    /// <summary>The server could not be reached at start.</summary>
    public const int CouldNotConnect = 1;

    /// <summary>The command line was wrong: 2, as for the server and <c>accounts</c>, so a script reads every RxChat program's usage errors alike.</summary>
    public const int Usage = 2;

    /// <summary>The server refused the username (in use, or not a valid name); <c>--reconnect</c> does not retry it.</summary>
    public const int Refused = 3;

    /// <summary>The connection dropped (and <c>--reconnect</c> was off, or gave up).</summary>
    public const int ConnectionLost = 4;
}
