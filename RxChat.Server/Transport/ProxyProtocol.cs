using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace RxChat.Server.Transport;

/// <summary>
/// The PROXY protocol (HAProxy's, versions 1 and 2): the header a TCP proxy sends before the
/// user's bytes, saying whom it is passing on. Read only from a <see cref="TrustedProxies"/>
/// peer, which must send one (as HAProxy's <c>accept-proxy</c> and nginx's
/// <c>proxy_protocol</c> expect); it is read exactly, byte for byte, so not one of the user's
/// bytes (a TLS handshake, a username) is taken with it.
/// </summary>
public static class ProxyProtocol
{
    /// <summary>Version 1 is one text line of at most this many bytes, CRLF included.</summary>
    private const int V1MaxBytes = 107;

    private static ReadOnlySpan<byte> V1Start => "PROXY "u8;

    private static ReadOnlySpan<byte> V2Signature => [0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A];

    /// <summary>
    /// Whether a connection's first bytes are a PROXY header (either version): from a peer
    /// that is not trusted, they are refused, never parsed.
    /// </summary>
    public static bool IsHeader(ReadOnlySpan<byte> first) =>
        first.StartsWith(V1Start) || first.StartsWith(V2Signature);

    /// <summary>
    /// Reads the header at the start of <paramref name="socket"/> within <paramref name="deadline"/>:
    /// the user's address, or <paramref name="peer"/> itself when the proxy speaks for itself
    /// (v1 <c>UNKNOWN</c>, v2 <c>LOCAL</c>: its health checks).
    /// </summary>
    /// <exception cref="ProxyHeaderException">No header, a malformed one, or none in time; the message says which.</exception>
    public static async Task<EndPoint> ReadAsync(Socket socket, EndPoint peer, TimeSpan deadline, CancellationToken stopping)
    {
        using var timer = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        timer.CancelAfter(deadline);
        try
        {
            var start = new byte[8]; // both versions are longer: reading these takes nothing of the user's
            await ReadExactlyAsync(socket, start, timer.Token).ConfigureAwait(false);
            if (start.AsSpan().StartsWith(V1Start)) return await ReadV1Async(socket, start, peer, timer.Token).ConfigureAwait(false);
            if (start.AsSpan().SequenceEqual(V2Signature[..8])) return await ReadV2Async(socket, start, peer, timer.Token).ConfigureAwait(false);
            throw new ProxyHeaderException("no PROXY protocol header from a trusted proxy");
        }
        catch (OperationCanceledException) when (!stopping.IsCancellationRequested)
        {
            throw new ProxyHeaderException($"no PROXY protocol header within {deadline.TotalSeconds:0.###} s");
        }
        catch (SocketException e)
        {
            throw new ProxyHeaderException($"the proxy's connection failed before its PROXY header ended ({e.SocketErrorCode})");
        }
    }

    /// <summary><c>PROXY TCP4 203.0.113.7 192.0.2.1 51234 7777\r\n</c> (or <c>TCP6</c>, or <c>UNKNOWN …</c>).</summary>
    private static async Task<EndPoint> ReadV1Async(Socket socket, byte[] start, EndPoint peer, CancellationToken token)
    {
        var line = new List<byte>(start);
        var one = new byte[1];
        while (line[^1] != (byte)'\n')
        {
            if (line.Count >= V1MaxBytes) throw new ProxyHeaderException($"PROXY v1 header longer than {V1MaxBytes} bytes");
            await ReadExactlyAsync(socket, one, token).ConfigureAwait(false);
            line.Add(one[0]);
        }
        var text = Encoding.ASCII.GetString([.. line]).TrimEnd('\n').TrimEnd('\r');
        var words = text.Split(' ');
        if (words is [_, "UNKNOWN", ..]) return peer;
        if (words is not [_, "TCP4" or "TCP6", var source, _, var sourcePort, _]
            || !IPAddress.TryParse(source, out var address)
            || (address.AddressFamily == AddressFamily.InterNetwork) != (words[1] == "TCP4")
            || !ushort.TryParse(sourcePort, NumberStyles.None, CultureInfo.InvariantCulture, out var port))
            throw new ProxyHeaderException($"malformed PROXY v1 header \"{Printable(text)}\"");
        return new IPEndPoint(address, port);
    }

    /// <summary>The binary version: 12-byte signature, version and command, family, length, addresses, then TLVs (skipped).</summary>
    private static async Task<EndPoint> ReadV2Async(Socket socket, byte[] start, EndPoint peer, CancellationToken token)
    {
        var header = new byte[16];
        start.CopyTo(header, 0);
        await ReadExactlyAsync(socket, header.AsMemory(8), token).ConfigureAwait(false);
        if (!header.AsSpan(0, 12).SequenceEqual(V2Signature)) throw new ProxyHeaderException("malformed PROXY v2 signature");
        int version = header[12] >> 4, command = header[12] & 0x0F, family = header[13];
        if (version != 2 || command > 1) throw new ProxyHeaderException($"unknown PROXY v2 version {version} or command {command}");
        var body = new byte[BinaryPrimitives.ReadUInt16BigEndian(header.AsSpan(14))];
        await ReadExactlyAsync(socket, body, token).ConfigureAwait(false);
        if (command == 0) return peer; // LOCAL: the proxy's own connection
        return family switch
        {
            0x11 when body.Length >= 12 => new IPEndPoint(new IPAddress(body.AsSpan(0, 4)), BinaryPrimitives.ReadUInt16BigEndian(body.AsSpan(8))),
            0x21 when body.Length >= 36 => new IPEndPoint(new IPAddress(body.AsSpan(0, 16)), BinaryPrimitives.ReadUInt16BigEndian(body.AsSpan(32))),
            0x00 => peer, // UNSPEC: the proxy does not know either
            _ => throw new ProxyHeaderException($"PROXY v2 header for family 0x{family:x2} with {body.Length} bytes of addresses is not a TCP user"),
        };
    }

    private static async Task ReadExactlyAsync(Socket socket, Memory<byte> into, CancellationToken token)
    {
        while (into.Length > 0)
        {
            int read = await socket.ReceiveAsync(into, SocketFlags.None, token).ConfigureAwait(false);
            if (read == 0) throw new ProxyHeaderException("the proxy closed the connection before its PROXY header ended");
            into = into[read..];
        }
    }

    private static string Printable(string text) => new([.. text.Take(V1MaxBytes).Select(c => char.IsControl(c) ? '?' : c)]);
}

/// <summary>A trusted proxy's PROXY header is missing or malformed; the message says how, in one line.</summary>
public sealed class ProxyHeaderException(string message) : IOException(message);
