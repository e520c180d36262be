using System.Buffers;
using System.Net;
using System.Text;

namespace RxChat.Load;

/// <summary>
/// A member over IRC (PROTOCOL.md Part 5) on the server's `--irc-port`: its name becomes
/// `NICK`/`USER`, `/join room` becomes `JOIN #room`, every other line a `PRIVMSG` to its
/// room; what it receives is handed on as the text protocol's lines (<see cref="IrcLines"/>),
/// so the run measures and checks an IRC member exactly as a TCP one. It answers `PING`.
/// </summary>
public sealed class IrcConnection : IChatConnection
{
    private readonly LineConnection _lines;
    private readonly ArrayBufferWriter<byte> _line = new(256);
    private byte[] _me = [];
    private string? _room;
    private bool _registered;
    private byte[] _privmsgPrefix = [];

    private IrcConnection(LineConnection lines) => _lines = lines;

    public static async Task<IrcConnection> ConnectAsync(IPEndPoint irc, CancellationToken ct) =>
        new(await LineConnection.ConnectAsync(irc, ct));

    public async Task SendLineAsync(string line, CancellationToken ct)
    {
        var first = !_registered;
        if (first) { _me = Encoding.UTF8.GetBytes(line); _registered = true; }
        else if (line.StartsWith("/join ", StringComparison.Ordinal))
        {
            _room = line[6..].Trim();
            _privmsgPrefix = Encoding.UTF8.GetBytes($"PRIVMSG #{_room} :");
        }
        await _lines.SendMessageAsync(Encoding.UTF8.GetBytes(IrcLines.Outgoing(line, first, _room)), ct);
    }

    public async ValueTask SendMessageAsync(ReadOnlyMemory<byte> line, CancellationToken ct)
    {
        var text = line.Span[^1] == (byte)'\n' ? line[..^1] : line;
        var bytes = new byte[_privmsgPrefix.Length + text.Length + 2];
        _privmsgPrefix.CopyTo(bytes, 0);
        text.Span.CopyTo(bytes.AsSpan(_privmsgPrefix.Length));
        bytes[^2] = (byte)'\r';
        bytes[^1] = (byte)'\n';
        await _lines.SendMessageAsync(bytes, ct);
    }

    public async Task<string?> ReadLineAsync(CancellationToken ct)
    {
        while (true)
        {
            var irc = await _lines.ReadLineAsync(ct);
            if (irc is null) return null;
            switch (IrcLines.Translate(Encoding.UTF8.GetBytes(irc), _me, _line))
            {
                case IrcLines.Kind.Line: return Encoding.UTF8.GetString(_line.WrittenSpan);
                case IrcLines.Kind.Ping: await _lines.SendLineAsync("PONG rxchat", ct); break;
            }
        }
    }

    public Task ReadLinesAsync(LineHandler onLine, CancellationToken ct) =>
        _lines.ReadLinesAsync(irc =>
        {
            switch (IrcLines.Translate(irc, _me, _line))
            {
                case IrcLines.Kind.Line: onLine(_line.WrittenSpan); break;
                // A receiver never speaks, so the server's keep-alive would cut it off; a
                // PONG now and then cannot wait for this loop (it must not block it).
                case IrcLines.Kind.Ping: _ = _lines.SendLineAsync("PONG rxchat", ct); break;
            }
        }, ct);

    public void Dispose() => _lines.Dispose();
}
