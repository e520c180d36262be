namespace RxChat.Tests.Support;

/// <summary>
/// A raw IRC peer over a real socket, line by line, as an IRC client speaks: it sends each
/// line with CR LF and reads the server's lines without theirs. Reads wait for a line to
/// arrive (with <see cref="LineClient.Patience"/>), never for a fixed time.
/// </summary>
public sealed class IrcPeer : IAsyncDisposable
{
    private readonly LineClient _lines;

    private IrcPeer(LineClient lines) => _lines = lines;

    /// <summary>Completes when the server closes the connection.</summary>
    public Task Closed => _lines.Closed;

    public static async Task<IrcPeer> ConnectAsync(int port) => new(await LineClient.ConnectAsync(port));

    /// <summary>Connects to the IRC TLS port, checking the server's certificate with <paramref name="check"/>.</summary>
    public static async Task<IrcPeer> ConnectTlsAsync(int port, System.Net.Security.RemoteCertificateValidationCallback check) =>
        new(await LineClient.ConnectTlsAsync(port, check));

    /// <summary>Registers as <paramref name="nick"/> (taking <paramref name="caps"/> first, if any) and reads through the MOTD's end.</summary>
    public static async Task<IrcPeer> RegisterAsync(int port, string nick, string? caps = null)
    {
        var peer = await ConnectAsync(port);
        if (caps is not null)
        {
            await peer.SendAsync("CAP LS 302");
            await peer.SendAsync($"CAP REQ :{caps}");
        }
        await peer.SendAsync($"NICK {nick}");
        await peer.SendAsync($"USER {nick} 0 * :{nick}");
        if (caps is not null) await peer.SendAsync("CAP END");
        await peer.ReadThroughAsync("376");
        return peer;
    }

    public Task SendAsync(string line) => _lines.SendRawAsync(line + "\r\n");

    public Task SendRawAsync(string bytes) => _lines.SendRawAsync(bytes);

    public async Task<string> ReadAsync() => (await _lines.ReadLineAsync()).TrimEnd('\r');

    public async Task<List<string>> ReadAsync(int count)
    {
        var lines = new List<string>(count);
        for (int i = 0; i < count; i++) lines.Add(await ReadAsync());
        return lines;
    }

    /// <summary>Reads up to and including the first line with numeric (or command) <paramref name="code"/> after its source.</summary>
    public async Task<List<string>> ReadThroughAsync(string code)
    {
        var lines = new List<string>();
        while (true)
        {
            var line = await ReadAsync();
            lines.Add(line);
            if (CommandOf(line) == code) return lines;
        }
    }

    /// <summary>The command (or numeric) of a server line, past its tags and source.</summary>
    public static string CommandOf(string line)
    {
        var words = line.Split(' ');
        int at = 0;
        if (at < words.Length && words[at].StartsWith('@')) at++;
        if (at < words.Length && words[at].StartsWith(':')) at++;
        return at < words.Length ? words[at] : "";
    }

    /// <summary>A line without its tags.</summary>
    public static string Untagged(string line) => line.StartsWith('@') ? line[(line.IndexOf(' ', StringComparison.Ordinal) + 1)..] : line;

    /// <summary>
    /// Proves nothing else was sent so far: LIST goes through the chat's log like everything
    /// the chat says, so its 321 is the very next line (one connection's lines arrive in order).
    /// </summary>
    public async Task ExpectNothingMoreAsync()
    {
        await SendAsync("LIST");
        var next = await ReadAsync();
        Assert.True(CommandOf(next) == "321", $"Expected no further lines, but received: {next}");
        await ReadThroughAsync("323");
    }

    /// <summary>Every line until the server closes the connection.</summary>
    public async Task<List<string>> ReadUntilClosedAsync() => [.. (await _lines.ReadUntilClosedAsync()).Select(l => l.TrimEnd('\r'))];

    public ValueTask DisposeAsync() => _lines.DisposeAsync();
}
