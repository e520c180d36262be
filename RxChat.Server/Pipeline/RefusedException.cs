using RxChat.Server.Core;

namespace RxChat.Server.Pipeline;

/// <summary>
/// Ends a connection's lines with a refusal that closes it (<see cref="Refusal.EndsConnection"/>):
/// the chat hears the refusal first, so the person is told why, and then that the connection
/// is gone, for <paramref name="reason"/>.
/// </summary>
public sealed class RefusedException(Refusal why, string reason) : Exception(reason)
{
    public Refusal Why { get; } = why;
}
