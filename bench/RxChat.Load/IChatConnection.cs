namespace RxChat.Load;

/// <summary>
/// A member's connection to the chat, whatever carries it: TCP lines (<see cref="LineConnection"/>)
/// or the structured protocol over a WebSocket (<see cref="WsConnection"/>), which hands its
/// objects on as the text protocol's lines, so everything above it checks both the same way.
/// </summary>
public interface IChatConnection : IDisposable
{
    /// <summary>One line as a user types it (the first is the username).</summary>
    Task SendLineAsync(string line, CancellationToken ct);

    /// <summary>A measured message: its line's bytes, `\n` included, sent whole.</summary>
    ValueTask SendMessageAsync(ReadOnlyMemory<byte> line, CancellationToken ct);

    /// <summary>The next line, or null when the peer closed.</summary>
    Task<string?> ReadLineAsync(CancellationToken ct);

    /// <summary>Every line to <paramref name="onLine"/> until the peer closes or <paramref name="ct"/> is cancelled.</summary>
    Task ReadLinesAsync(LineHandler onLine, CancellationToken ct);
}
