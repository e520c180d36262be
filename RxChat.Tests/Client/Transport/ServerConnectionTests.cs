using System.Net;
using System.Net.Sockets;
using System.Reactive.Linq;
using System.Reactive.Threading.Tasks;
using System.Text;
using RxChat.Client.Transport;

namespace RxChat.Tests.Client.Transport;

/// <summary>The client's transport: bytes from a loopback socket become lines, within bounds.</summary>
public sealed class ServerConnectionTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);

    public ServerConnectionTests() => _listener.Start();

    public void Dispose() => _listener.Stop();

    private int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>Connects, lets the fake server write <paramref name="chunks"/> one write each, then close.</summary>
    private async Task<(ServerConnection Connection, Task<IList<string>> Lines)> ServeAsync(params byte[][] chunks)
    {
        var connection = await ServerConnection.ConnectAsync("127.0.0.1", Port, CancellationToken.None);
        var lines = connection.Lines.ToList().ToTask();
        using var server = await _listener.AcceptSocketAsync().WaitAsync(Patience);
        foreach (var chunk in chunks) await server.SendAsync(chunk);
        server.Shutdown(SocketShutdown.Send);
        return (connection, lines);
    }

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    [Fact]
    public async Task Lines_are_framed_by_newline_whatever_the_reads()
    {
        var (connection, lines) = await ServeAsync(
            Utf8("Welcome to the chat server!\n[12:34:56] bob: Hel"), Utf8("lo\r\nUsers: a, b\n"));
        using (connection)
            Assert.Equal(["Welcome to the chat server!", "[12:34:56] bob: Hello", "Users: a, b"], await lines.WaitAsync(Patience));
    }

    [Fact]
    public async Task A_character_split_between_reads_and_invalid_utf8_never_break_a_line()
    {
        var wave = Utf8("👋");
        var (connection, lines) = await ServeAsync(
            [.. Utf8("a"), .. wave[..2]], [.. wave[2..], .. Utf8("\n"), 0xff, (byte)'\n']);
        using (connection)
            Assert.Equal(["a👋", "\ufffd"], await lines.WaitAsync(Patience));
    }

    [Fact]
    public async Task A_last_line_without_its_newline_is_still_delivered()
    {
        var (connection, lines) = await ServeAsync(Utf8("Server is shutting down"));
        using (connection)
            Assert.Equal(["Server is shutting down"], await lines.WaitAsync(Patience));
    }

    [Fact]
    public async Task A_line_longer_than_the_bound_fails_the_connection_instead_of_growing()
    {
        var (connection, lines) = await ServeAsync(new byte[ServerConnection.MaxLineBytes + 2].Select(_ => (byte)'x').ToArray());
        using (connection)
            await Assert.ThrowsAsync<InvalidDataException>(() => lines.WaitAsync(Patience));
    }

    [Fact]
    public async Task Sent_lines_end_in_a_newline_and_finish_sending_half_closes()
    {
        using var connection = await ServerConnection.ConnectAsync("127.0.0.1", Port, CancellationToken.None);
        using var server = await _listener.AcceptSocketAsync().WaitAsync(Patience);
        await using var stream = new NetworkStream(server);

        connection.Send("salam");
        connection.Send("héllo");
        connection.FinishSending();

        using var reader = new StreamReader(stream, Encoding.UTF8);
        Assert.Equal("salam\nhéllo\n", await reader.ReadToEndAsync().WaitAsync(Patience));   // ends: the half-close
    }
}
