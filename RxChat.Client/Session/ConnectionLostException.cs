namespace RxChat.Client.Session;

/// <summary>
/// The server's side of a conversation ended while the user had not asked to leave: the
/// server closed the socket, shut down, or the connection broke.
/// </summary>
internal sealed class ConnectionLostException(string reason, bool wasWelcomed, Exception? cause = null)
    : Exception(reason, cause)
{
    /// <summary>
    /// Whether the server had accepted the login (sent its welcome) on this connection.
    /// A connection that never got that far counts as a failed attempt for the backoff,
    /// so a server that refuses the username is not hammered.
    /// </summary>
    public bool WasWelcomed { get; } = wasWelcomed;
}
