using RxChat.Server.Core;

namespace RxChat.Server.Protocol;

/// <summary>
/// What one received frame says (<see cref="IChatCodec.Read"/>): the command it makes, null
/// when it makes none (a blank line), and the password a structured <c>login</c> may carry
/// with the name (the text protocol sends it on a line of its own). Like the other edge-only
/// shapes (<see cref="PasswordCommand"/>) it never prints the password.
/// </summary>
public readonly record struct Inbound(Command? Command, string? Password = null)
{
    public override string ToString() => Password is null ? $"{Command}" : $"{Command} (with a password)";
}
