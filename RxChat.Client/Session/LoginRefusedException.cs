namespace RxChat.Client.Session;

/// <summary>
/// The server refused the username (in use, empty, too long, invalid characters) or its
/// password, and closed the connection. Permanent: connecting again with the same name gets the same answer.
/// </summary>
internal sealed class LoginRefusedException(string serverLine)
    : Exception($"The server refused the username: {serverLine}");
