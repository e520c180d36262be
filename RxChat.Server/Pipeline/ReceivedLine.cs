using RxChat.Protocol;
using RxChat.Server.Protocol;

namespace RxChat.Server.Pipeline;

/// <summary>
/// A line as received, not yet read by its codec: flood control counts it before the edge
/// knows whether it is a password (after <c>Password for {user}:</c>) or a command. Edge-only,
/// like the commands that carry a password, so it can never be stored, nor printed.
/// </summary>
public sealed record ReceivedLine(InboundLine Line) : PasswordCommand
{
    public override string ToString() => "(a line)";
}
