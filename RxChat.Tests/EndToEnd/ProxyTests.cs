using System.Buffers.Binary;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Text;
using RxChat.Protocol;
using RxChat.Server.Hosting;
using RxChat.Tests.Support;
using static RxChat.Tests.Support.Peers;

namespace RxChat.Tests.EndToEnd;

/// <summary>
/// A proxy in front of the server says who its users are — the PROXY protocol (v1 and v2) on
/// the TCP and TLS ports — and only a trusted one is listened to: from anyone else the header
/// is refused, never parsed. The address learnt is the one admitted and limited.
/// </summary>
public sealed class ProxyTests
{
    private static readonly IPAddress User = IPAddress.Parse("203.0.113.7");

    /// <summary>A server that trusts <paramref name="trusted"/>, with loopback under the per-address limits as by default.</summary>
    private static Task<ChatServer> StartAsync(string trusted, Action<ChatServerOptions>? configure = null) =>
        RunningServer.StartAsync(options =>
        {
            options.TrustedProxies = trusted;
            options.Limits.ExemptLoopback = false;
            configure?.Invoke(options);
        });

    private static byte[] V1(IPAddress source, int sourcePort, int port) =>
        Encoding.ASCII.GetBytes($"PROXY {(source.AddressFamily == AddressFamily.InterNetwork ? "TCP4" : "TCP6")} {source} " +
                                $"{(source.AddressFamily == AddressFamily.InterNetwork ? "127.0.0.1" : "::1")} {sourcePort} {port}\r\n");

    /// <summary>The binary header: signature, PROXY command, TCP over the source's family, addresses, ports, and one TLV (skipped).</summary>
    private static byte[] V2(IPAddress source, int sourcePort, int port)
    {
        var v4 = source.AddressFamily == AddressFamily.InterNetwork;
        var destination = v4 ? IPAddress.Loopback : IPAddress.IPv6Loopback;
        byte[] tlv = [0x04, 0x00, 0x02, 0xAB, 0xCD]; // PP2_TYPE_NOOP, 2 bytes
        var addresses = new List<byte>();
        addresses.AddRange(source.GetAddressBytes());
        addresses.AddRange(destination.GetAddressBytes());
        var ports = new byte[4];
        BinaryPrimitives.WriteUInt16BigEndian(ports, (ushort)sourcePort);
        BinaryPrimitives.WriteUInt16BigEndian(ports.AsSpan(2), (ushort)port);
        addresses.AddRange(ports);
        addresses.AddRange(tlv);
        var header = new List<byte> { 0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A, 0x21, (byte)(v4 ? 0x11 : 0x21) };
        var length = new byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(length, (ushort)addresses.Count);
        header.AddRange(length);
        header.AddRange(addresses);
        return [.. header];
    }

    private static byte[] Line(string text) => Encoding.UTF8.GetBytes(text + "\n");

    [Fact]
    public async Task A_trusted_proxy_names_its_user_with_PROXY_v1()
    {
        await using var server = await StartAsync("127.0.0.1/32");
        await using var client = await LineClient.ConnectAsync(server.Port);
        await client.SendBytesAsync([.. V1(User, 51234, server.Port), .. Line("alice")]);
        Assert.Equal(ServerLines.Welcome.Render(), await client.ReadLineAsync());

        Assert.Equal(new IPEndPoint(User, 51234), ConnectionOf(server, "alice").Remote);
        Assert.Equal(1, server.Admission.PerAddress.OpenFrom(new IPEndPoint(User, 0)));
        Assert.Equal(0, server.Admission.PerAddress.OpenFrom(new IPEndPoint(IPAddress.Loopback, 0)));
    }

    [Fact]
    public async Task A_trusted_proxy_names_its_user_with_PROXY_v2_IPv4_and_IPv6()
    {
        await using var server = await StartAsync("127.0.0.0/8");
        var v6User = IPAddress.Parse("2001:db8::7");
        await using var alice = await LineClient.ConnectAsync(server.Port);
        await alice.SendBytesAsync([.. V2(User, 4242, server.Port), .. Line("alice")]);
        await using var bob = await LineClient.ConnectAsync(server.Port);
        await bob.SendBytesAsync([.. V2(v6User, 4343, server.Port), .. Line("bob")]);

        Assert.Equal(ServerLines.Welcome.Render(), await alice.ReadLineAsync());
        Assert.Equal(ServerLines.Welcome.Render(), await bob.ReadLineAsync());
        Assert.Equal(new IPEndPoint(User, 4242), ConnectionOf(server, "alice").Remote);
        Assert.Equal(new IPEndPoint(v6User, 4343), ConnectionOf(server, "bob").Remote);
    }

    [Fact]
    public async Task The_named_user_is_under_the_per_address_limits_and_the_proxy_itself_is_not()
    {
        await using var server = await StartAsync("127.0.0.1/32", options => options.Limits.MaxConnectionsPerAddress = 1);
        await using var first = await LineClient.ConnectAsync(server.Port);
        await first.SendBytesAsync([.. V1(User, 1001, server.Port), .. Line("first")]);
        Assert.Equal(ServerLines.Welcome.Render(), await first.ReadLineAsync());

        // The same user again, through the same proxy: over its own limit.
        await using var again = await LineClient.ConnectAsync(server.Port);
        await again.SendBytesAsync(V1(User, 1002, server.Port));
        Assert.Equal(ServerLines.TooManyConnectionsFromAddress.Render("1"), await again.ReadLineAsync());
        await again.Closed.WaitAsync(LineClient.Patience);

        // Another user through the same proxy: the proxy's one address caps nobody.
        await using var other = await LineClient.ConnectAsync(server.Port);
        await other.SendBytesAsync([.. V1(IPAddress.Parse("203.0.113.8"), 1003, server.Port), .. Line("other")]);
        Assert.Equal(ServerLines.Welcome.Render(), await other.ReadLineAsync());
    }

    [Fact]
    public async Task A_trusted_proxy_without_a_header_is_told_and_closed()
    {
        await using var server = await StartAsync("127.0.0.1/32");
        await using var client = await LineClient.ConnectAsync(server.Port);
        await client.SendRawAsync("alice-01"); // 8 bytes, which tell it is no header (and leave nothing unread)
        Assert.Equal(ServerLines.ProxyHeaderExpected.Render("no PROXY protocol header from a trusted proxy"), await client.ReadLineAsync());
        await client.Closed.WaitAsync(LineClient.Patience);
        Assert.Empty(server.Admission.Open);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task A_PROXY_header_from_an_untrusted_peer_is_refused_not_parsed(int version)
    {
        // 127.0.0.2 is trusted; the client comes from 127.0.0.1.
        await using var server = await StartAsync("127.0.0.2/32");
        await using var client = await LineClient.ConnectAsync(server.Port);
        await client.SendBytesAsync([.. version == 1 ? V1(User, 5555, server.Port) : V2(User, 5555, server.Port), .. Line("mallory")]);

        Assert.Equal(ServerLines.ProxyHeaderNotTrusted.Render("127.0.0.1"), await client.ReadLineAsync());
        await client.Closed.WaitAsync(LineClient.Patience);
        Assert.Equal(0, server.Admission.PerAddress.OpenFrom(new IPEndPoint(User, 0)));
        Assert.False(server.Pipeline.State.Usernames.ContainsKey("mallory"));
    }

    [Fact]
    public async Task A_trusted_proxy_names_its_user_on_the_TLS_port_before_the_handshake()
    {
        using var certificate = TestCertificate.Create();
        await using var server = await StartAsync("127.0.0.1/32", certificate.ServeFrom);
        using var tcp = new TcpClient { NoDelay = true };
        await tcp.ConnectAsync(IPAddress.Loopback, server.TlsPort!.Value);
        var plain = tcp.GetStream();
        await plain.WriteAsync(V2(User, 7001, server.TlsPort.Value));
        await using var tls = new SslStream(plain, leaveInnerStreamOpen: false, certificate.TrustOnlyThis);
        await tls.AuthenticateAsClientAsync("localhost").WaitAsync(LineClient.Patience);
        await tls.WriteAsync(Line("alice"));
        using var reader = new StreamReader(tls);
        Assert.Equal(ServerLines.Welcome.Render(), await reader.ReadLineAsync().WaitAsync(LineClient.Patience));
        Assert.Equal(new IPEndPoint(User, 7001), ConnectionOf(server, "alice").Remote);
    }
}
