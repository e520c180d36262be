using System.Net;
using System.Net.Sockets;
using System.Text;

namespace RxChat.Conformance;

/// <summary>
/// One person of a scenario as a real TCP connection: it types lines, closes or breaks its
/// connection, and keeps every line the server sends, in arrival order; null stands for the
/// server closing the connection. What arrives after the person itself closed is nobody's news.
/// </summary>
internal sealed class WireClient : IAsyncDisposable
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);
    private readonly Socket _socket = new(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
    private readonly Lock _lock = new();
    private readonly List<string?> _received = [];
    private Task _reading = Task.CompletedTask;
    private bool _leftByItself;

    /// <summary>What arrived so far; null for the server closing the connection.</summary>
    public IReadOnlyList<string?> Received { get { lock (_lock) return [.. _received]; } }

    /// <summary>True once the server closed the connection or the person left.</summary>
    public bool Over { get { lock (_lock) return _leftByItself || _received.Contains(null); } }

    public async Task ConnectAsync(EndPoint server, CancellationToken cancel)
    {
        await _socket.ConnectAsync(server, cancel);
        _reading = ReadAsync();
    }

    public async Task SendAsync(string line, CancellationToken cancel)
    {
        if (Over) return; // the server hung up: typing on goes nowhere, and says nothing
        try { await _socket.SendAsync(Utf8.GetBytes(line + "\n"), SocketFlags.None, cancel); }
        catch (SocketException) { /* the server closed meanwhile: its hangup is what counts */ }
    }

    /// <summary><c>|</c> in a sends lane: the person closes the connection politely (FIN).</summary>
    public void Close()
    {
        lock (_lock) _leftByItself = true;
        try { _socket.Shutdown(SocketShutdown.Both); } catch (SocketException) { /* already gone */ }
        _socket.Close();
    }

    /// <summary><c>#</c> in a sends lane: the connection breaks (RST, no goodbye).</summary>
    public void Break()
    {
        lock (_lock) _leftByItself = true;
        _socket.LingerState = new LingerOption(true, 0);
        _socket.Close();
    }

    private async Task ReadAsync()
    {
        try
        {
            using var reader = new StreamReader(new NetworkStream(_socket, ownsSocket: false), Utf8);
            while (await reader.ReadLineAsync() is { } line)
            {
                lock (_lock) if (!_leftByItself) _received.Add(line);
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or SocketException)
        {
            // A reset by the server is a hangup too; a socket we closed ourselves ends here as well.
        }
        lock (_lock) if (!_leftByItself) _received.Add(null);
    }

    public async ValueTask DisposeAsync()
    {
        lock (_lock) _leftByItself = true;
        _socket.Close();
        await _reading;
    }
}
