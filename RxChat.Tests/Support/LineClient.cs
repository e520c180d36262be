using System.Net.Sockets;
using System.Text;
using System.Threading.Channels;

namespace RxChat.Tests.Support;

/// <summary>
/// A raw-socket chat peer for end-to-end tests, like <c>nc</c>: it writes bytes exactly as
/// given and collects every received line. Reads wait for an event (a line arriving) with a
/// generous bound, never for a fixed time.
/// </summary>
public sealed class LineClient : IAsyncDisposable
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    private readonly TcpClient _tcp;
    private readonly Stream _stream;
    private readonly Channel<string> _lines = Channel.CreateUnbounded<string>();
    private readonly Task _reading;

    private LineClient(TcpClient tcp, Stream? stream = null)
    {
        _tcp = tcp;
        _stream = stream ?? tcp.GetStream();
        _reading = Task.Run(ReadAllAsync);
    }

    /// <summary>Completes when the server closes the connection (after every line was read).</summary>
    public Task Closed => _reading;

    public static async Task<LineClient> ConnectAsync(int port)
    {
        var tcp = new TcpClient { NoDelay = true };
        await tcp.ConnectAsync("127.0.0.1", port).WaitAsync(Patience);
        return new LineClient(tcp);
    }

    /// <summary>Connects to the TLS port, checking the server's certificate with <paramref name="check"/>.</summary>
    public static async Task<LineClient> ConnectTlsAsync(int port, System.Net.Security.RemoteCertificateValidationCallback check)
    {
        var tcp = new TcpClient { NoDelay = true };
        await tcp.ConnectAsync("127.0.0.1", port).WaitAsync(Patience);
        var tls = new System.Net.Security.SslStream(tcp.GetStream(), leaveInnerStreamOpen: false, check);
        await tls.AuthenticateAsClientAsync("localhost").WaitAsync(Patience);
        return new LineClient(tcp, tls);
    }

    /// <summary>Connects to a server listening on <paramref name="address"/> (not loopback: a test's own veth, say).</summary>
    public static async Task<LineClient> ConnectToAsync(System.Net.IPAddress address, int port)
    {
        var tcp = new TcpClient(address.AddressFamily) { NoDelay = true };
        await tcp.ConnectAsync(address, port).WaitAsync(Patience);
        return new LineClient(tcp);
    }

    /// <summary>
    /// Connects to 127.0.0.1 from <paramref name="from"/>, as a second host would: all of
    /// 127.0.0.0/8 is loopback on Linux, so 127.0.0.2 is another address on this machine.
    /// </summary>
    public static async Task<LineClient> ConnectFromAsync(System.Net.IPAddress from, int port)
    {
        var tcp = new TcpClient(new System.Net.IPEndPoint(from, 0)) { NoDelay = true };
        await tcp.ConnectAsync("127.0.0.1", port).WaitAsync(Patience);
        return new LineClient(tcp);
    }

    /// <summary>Connects, sends the username and waits for the welcome line.</summary>
    public static async Task<LineClient> LogInAsync(int port, string username)
    {
        var client = await ConnectAsync(port);
        await client.SendLineAsync(username);
        Assert.Equal("Welcome to the chat server!", await client.ReadLineAsync());
        return client;
    }

    public Task SendLineAsync(string line) => SendRawAsync(line + "\n");

    public async Task SendRawAsync(string text) => await SendBytesAsync(Encoding.UTF8.GetBytes(text));

    public async Task SendBytesAsync(byte[] bytes)
    {
        await _stream.WriteAsync(bytes);
        await _stream.FlushAsync();
    }

    /// <summary>The next line received; fails if none arrives within <see cref="Patience"/> or the server closed.</summary>
    public async Task<string> ReadLineAsync()
    {
        using var timeout = new CancellationTokenSource(Patience);
        try
        {
            if (await _lines.Reader.WaitToReadAsync(timeout.Token) && _lines.Reader.TryRead(out var line)) return line;
        }
        catch (OperationCanceledException) { }
        throw new Xunit.Sdk.XunitException($"No line arrived within {Patience.TotalSeconds} s (or the server closed the connection)");
    }

    /// <summary>Reads <paramref name="count"/> lines.</summary>
    public async Task<List<string>> ReadLinesAsync(int count)
    {
        var lines = new List<string>(count);
        for (int i = 0; i < count; i++) lines.Add(await ReadLineAsync());
        return lines;
    }

    /// <summary>
    /// Proves that nothing else was received so far, without waiting on the clock: asks
    /// <c>/room</c> and expects its reply to be the very next line (one connection's lines
    /// arrive in order, so anything sent to us before would come first).
    /// </summary>
    public async Task ExpectNothingMoreAsync()
    {
        await SendLineAsync("/room");
        var next = await ReadLineAsync();
        Assert.True(next.StartsWith("You are in room", StringComparison.Ordinal) || next == "You are not in any room",
            $"Expected no further lines, but received: {next}");
    }

    /// <summary>Every line still to arrive until the server closes the connection.</summary>
    public async Task<List<string>> ReadUntilClosedAsync()
    {
        await _reading.WaitAsync(Patience);
        var rest = new List<string>();
        while (_lines.Reader.TryRead(out var line)) rest.Add(line);
        return rest;
    }

    /// <summary>Closes our side abruptly (like a killed process).</summary>
    public void Abort()
    {
        _tcp.Client.LingerState = new LingerOption(true, 0);
        _tcp.Close();
    }

    public async ValueTask DisposeAsync()
    {
        _tcp.Dispose();
        try { await _reading.WaitAsync(Patience); } catch (Exception) { }
    }

    private async Task ReadAllAsync()
    {
        var pending = new List<byte>();
        var buffer = new byte[8192];
        try
        {
            while (true)
            {
                int read = await _stream.ReadAsync(buffer);
                if (read == 0) break;
                for (int i = 0; i < read; i++)
                {
                    if (buffer[i] == (byte)'\n')
                    {
                        _lines.Writer.TryWrite(Encoding.UTF8.GetString(pending.ToArray()));
                        pending.Clear();
                    }
                    else pending.Add(buffer[i]);
                }
            }
        }
        catch (Exception) { /* reset or disposed: the connection is over either way */ }
        finally { _lines.Writer.TryComplete(); }
    }
}
