using System.Net;
using System.Net.Sockets;
using System.Text;

namespace RxChat.Load;

/// <summary>Called once per received line, without its `\n` (and without a `\r` before it).
/// The span is only valid during the call: that keeps a million lines allocation-free.</summary>
public delegate void LineHandler(ReadOnlySpan<byte> line);

/// <summary>
/// One client socket that sends and receives `\n`-terminated lines. Async sockets (epoll
/// underneath), not a thread per socket, so one process can hold 20,000 of them. The receive
/// buffer starts small, because most connections only ever see short lines, and grows for
/// the one that asks `/users` of 20,000 people.
/// </summary>
public sealed class LineConnection : IChatConnection
{
    private const int MaxLine = 16 * 1024 * 1024;
    private readonly Socket _socket;
    private byte[] _buffer;
    private int _start; // first unread byte
    private int _end;   // one past the last received byte

    private LineConnection(Socket socket, int initialBuffer)
    {
        _socket = socket;
        _buffer = new byte[initialBuffer];
    }

    public static async Task<LineConnection> ConnectAsync(
        IPEndPoint server, CancellationToken ct, int initialBuffer = 2048)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp)
        {
            // Small lines must leave at once: with Nagle on, a sender with one message in
            // flight would wait for a delayed ACK and we would measure that instead.
            NoDelay = true,
        };
        try
        {
            await socket.ConnectAsync(server, ct);
            return new LineConnection(socket, initialBuffer);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    public async ValueTask SendMessageAsync(ReadOnlyMemory<byte> line, CancellationToken ct)
    {
        var sent = 0;
        while (sent < line.Length)
            sent += await _socket.SendAsync(line[sent..], SocketFlags.None, ct);
    }

    public async Task SendLineAsync(string line, CancellationToken ct) =>
        await SendMessageAsync(Encoding.UTF8.GetBytes(line + "\n"), ct);

    /// <summary>Reads the next whole line as a string (for handshakes and replies).
    /// Returns null when the peer closed the connection.</summary>
    public async Task<string?> ReadLineAsync(CancellationToken ct)
    {
        while (true)
        {
            var newline = Array.IndexOf(_buffer, (byte)'\n', _start, _end - _start);
            if (newline >= 0)
            {
                var line = Encoding.UTF8.GetString(TrimCr(_buffer.AsSpan(_start, newline - _start)));
                _start = newline + 1;
                return line;
            }
            if (!await FillAsync(ct)) return null;
        }
    }

    /// <summary>Hands every line to <paramref name="onLine"/> until the peer closes or
    /// <paramref name="ct"/> is cancelled. Returns normally in both cases.</summary>
    public async Task ReadLinesAsync(LineHandler onLine, CancellationToken ct)
    {
        try
        {
            while (true)
            {
                DeliverWholeLines(onLine);
                if (!await FillAsync(ct)) return;
            }
        }
        catch (OperationCanceledException) { }
        catch (SocketException) { }
        catch (ObjectDisposedException) { }
    }

    private void DeliverWholeLines(LineHandler onLine)
    {
        while (true)
        {
            var span = _buffer.AsSpan(_start, _end - _start);
            var newline = span.IndexOf((byte)'\n');
            if (newline < 0) return;
            onLine(TrimCr(span[..newline]));
            _start += newline + 1;
        }
    }

    /// <summary>Receives more bytes, first making room: move the unread tail to the front,
    /// and grow only when one line fills the whole buffer.</summary>
    private async ValueTask<bool> FillAsync(CancellationToken ct)
    {
        if (_start == _end) _start = _end = 0;
        if (_end == _buffer.Length)
        {
            var unread = _end - _start;
            if (_start == 0)
            {
                if (_buffer.Length >= MaxLine) throw new InvalidDataException("line longer than 16 MiB");
                Array.Resize(ref _buffer, _buffer.Length * 2);
            }
            else
            {
                Buffer.BlockCopy(_buffer, _start, _buffer, 0, unread);
                _start = 0;
                _end = unread;
            }
        }
        var n = await _socket.ReceiveAsync(_buffer.AsMemory(_end), SocketFlags.None, ct);
        if (n == 0) return false;
        _end += n;
        return true;
    }

    private static ReadOnlySpan<byte> TrimCr(ReadOnlySpan<byte> line) =>
        line.Length > 0 && line[^1] == (byte)'\r' ? line[..^1] : line;

    public void Dispose() => _socket.Dispose();
}
