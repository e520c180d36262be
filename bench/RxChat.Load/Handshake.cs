namespace RxChat.Load;

/// <summary>
/// Getting a connection into a room. RxChat: username, `Welcome to the chat server!`,
/// `/join {room}`, `You joined room {room}` (PROTOCOL.md, Part 1). A broker has no
/// handshake: being connected is all there is.
/// </summary>
public static class Handshake
{
    public const string Welcome = "Welcome to the chat server!";

    public static async Task LoginAsync(IChatConnection c, string user, CancellationToken ct)
    {
        await c.SendLineAsync(user, ct);
        var reply = await c.ReadLineAsync(ct);
        if (reply != Welcome) throw new HandshakeException($"login as {user}: got '{reply ?? "<closed>"}'");
    }

    public static async Task JoinAsync(IChatConnection c, string room, CancellationToken ct)
    {
        await c.SendLineAsync("/join " + room, ct);
        var expected = "You joined room " + room;
        // Notices from other users may come first (someone leaving is told to everyone).
        for (var skipped = 0; skipped < 10_000; skipped++)
        {
            var line = await c.ReadLineAsync(ct) ?? throw new HandshakeException($"/join {room}: connection closed");
            if (line == expected) return;
            if (!line.StartsWith('[')) throw new HandshakeException($"/join {room}: got '{line}'");
        }
        throw new HandshakeException($"/join {room}: no reply among 10,000 lines");
    }
}

public sealed class HandshakeException(string message) : Exception(message);
