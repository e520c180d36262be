using System.Buffers;
using System.IO.Pipelines;
using System.Net.Security;
using System.Net.Sockets;
using System.Reactive.Linq;
using System.Text;

namespace RxChat.Client.Transport;

/// <summary>
/// One TCP connection to a chat server, plain or over TLS, as the protocol sees it: lines in, lines out.
/// It only moves text; what the lines mean is decided elsewhere.
/// </summary>
internal sealed class ServerConnection : IDisposable
{
    /// <summary>
    /// The longest line accepted from the server. The protocol's lines are short; a server
    /// that sends more without a newline is broken, and the client must not buffer it
    /// without bound.
    /// </summary>
    public const int MaxLineBytes = 64 * 1024;

    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(10);
    private const int SendTimeoutMilliseconds = 10_000;

    private readonly Socket _socket;
    private readonly Stream _stream;
    private readonly Lock _sending = new();

    private ServerConnection(Socket socket, Stream stream)
    {
        _socket = socket;
        _stream = stream;
        Lines = Observable.Create<string>(ReadLinesAsync);
    }

    /// <summary>
    /// Every line the server sends, without its <c>\n</c> or <c>\r\n</c>. Completes when
    /// the server closes the connection; fails if the connection breaks. Subscribe once.
    /// </summary>
    public IObservable<string> Lines { get; }

    /// <param name="tls">Over TLS, checking the server's certificate as it says; null for plain TCP.</param>
    /// <exception cref="SocketException">The server refused or could not be reached.</exception>
    /// <exception cref="ServerNotTrustedException">The server's certificate was refused.</exception>
    /// <exception cref="IOException">The TLS handshake failed for another reason (not a TLS port, …).</exception>
    public static async Task<ServerConnection> ConnectAsync(string host, int port, CancellationToken ct, ClientTls? tls = null)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true, SendTimeout = SendTimeoutMilliseconds };
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(ConnectTimeout);
            await socket.ConnectAsync(host, port, timeout.Token).ConfigureAwait(false);
            Stream stream = new NetworkStream(socket, ownsSocket: true);
            if (tls is not null) stream = await tls.SecureAsync(stream, host, timeout.Token).ConfigureAwait(false);
            return new ServerConnection(socket, stream);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            socket.Dispose();
            throw new SocketException((int)SocketError.TimedOut);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Sends one line. Safe to call from any thread; lines are never interleaved.</summary>
    public void Send(string line)
    {
        var bytes = Encoding.UTF8.GetBytes(line + "\n");
        lock (_sending) _stream.Write(bytes);
    }

    /// <summary>
    /// Tells the server nothing more is coming (TCP half-close), while still reading what
    /// it has left to say. Both the original server and RxChat then close their side.
    /// </summary>
    public void FinishSending()
    {
        lock (_sending)
        {
            // Over TLS, say the end is real (close_notify) before the FIN, or it looks like a cut.
            if (_stream is SslStream tls)
            {
                try { tls.ShutdownAsync().GetAwaiter().GetResult(); }
                catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidOperationException) { }
            }
            try { _socket.Shutdown(SocketShutdown.Send); }
            catch (SocketException) { /* already gone: nothing left to tell it */ }
            catch (ObjectDisposedException) { }
        }
    }

    public void Dispose() => _stream.Dispose();

    private async Task ReadLinesAsync(IObserver<string> observer, CancellationToken ct)
    {
        var reader = PipeReader.Create(_stream, new StreamPipeReaderOptions(leaveOpen: true));
        try
        {
            // Ends when the server closes (IsCompleted), the connection breaks, or on unsubscribe.
            while (true)
            {
                ReadResult read;
                try { read = await reader.ReadAsync(ct).ConfigureAwait(false); }
                catch (OperationCanceledException) { return; }

                var buffer = read.Buffer;
                while (TryReadLine(ref buffer, out var line)) observer.OnNext(line);
                if (buffer.Length > MaxLineBytes)
                    throw new InvalidDataException($"The server sent a line longer than {MaxLineBytes} bytes.");

                if (read.IsCompleted)
                {
                    // A last line without its newline is still a line the server meant to say.
                    if (!buffer.IsEmpty) observer.OnNext(Encoding.UTF8.GetString(buffer).TrimEnd('\r'));
                    observer.OnCompleted();
                    return;
                }
                reader.AdvanceTo(buffer.Start, buffer.End);
            }
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or InvalidDataException)
        {
            if (!ct.IsCancellationRequested) observer.OnError(e);
        }
        finally
        {
            await reader.CompleteAsync().ConfigureAwait(false);
        }
    }

    private static bool TryReadLine(ref ReadOnlySequence<byte> buffer, out string line)
    {
        var reader = new SequenceReader<byte>(buffer);
        if (!reader.TryReadTo(out ReadOnlySequence<byte> bytes, (byte)'\n'))
        {
            line = "";
            return false;
        }
        buffer = buffer.Slice(reader.Position);
        line = Encoding.UTF8.GetString(bytes);   // invalid UTF-8 becomes U+FFFD, never an exception
        if (line.EndsWith('\r')) line = line[..^1];
        return true;
    }
}
