using RxChat.Client.Lines;

namespace RxChat.Client.Session;

/// <summary>
/// The server refused the username (in use, empty, too long, invalid characters) or its
/// password, and closed the connection. Permanent: connecting again with the same name gets the same answer.
/// </summary>
/// <param name="reason">The one line the user is told (<see cref="LocalLines.Refusal"/>).</param>
internal sealed class LoginRefusedException(string reason) : Exception(reason)
{
    /// <summary>What the user is shown, styled as the refusal it is.</summary>
    public ServerLine Line => new(LineKind.LoginRefused, Message);
}
