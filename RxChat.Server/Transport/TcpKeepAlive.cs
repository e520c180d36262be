using System.Net.Sockets;

namespace RxChat.Server.Transport;

/// <summary>
/// TCP keepalive for every connection, so a peer that vanished without a word (a pulled
/// cable, a suspended laptop: no FIN, no RST) is noticed in a quiet room too. After
/// <paramref name="IdleSeconds"/> without traffic the kernel sends a probe every
/// <paramref name="IntervalSeconds"/>; after <paramref name="Probes"/> unanswered ones the
/// connection's reads fail, and the chat treats that like any other disconnect.
/// </summary>
/// <remarks>
/// Keepalive only probes a socket with nothing in flight. In a room that keeps talking, the
/// lines sent to a vanished peer wait for an acknowledgement instead, and TCP would retry
/// them for about 15 minutes; on Linux the same bound is therefore also set as
/// <c>TCP_USER_TIMEOUT</c> (how long sent data may stay unacknowledged), so the peer is
/// noticed within <see cref="NoticedWithin"/> either way.
/// </remarks>
/// <param name="IdleSeconds">Quiet seconds before the first probe; 0 turns keepalive off.</param>
public sealed record TcpKeepAlive(int IdleSeconds = 60, int IntervalSeconds = 10, int Probes = 3)
{
    public static readonly TcpKeepAlive Default = new();

    /// <summary>Roughly how long a vanished peer goes unnoticed in a quiet room.</summary>
    public TimeSpan NoticedWithin => TimeSpan.FromSeconds(IdleSeconds + (long)IntervalSeconds * Probes);

    public void ApplyTo(Socket socket)
    {
        if (IdleSeconds <= 0) return;
        ArgumentOutOfRangeException.ThrowIfLessThan(IntervalSeconds, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(Probes, 1);
        socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive, true);
        socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveTime, IdleSeconds);
        socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveInterval, IntervalSeconds);
        socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveRetryCount, Probes);
        if (OperatingSystem.IsLinux())
            socket.SetRawSocketOption(IpProtoTcp, TcpUserTimeout, BitConverter.GetBytes((uint)NoticedWithin.TotalMilliseconds));
    }

    /// <summary>Read back <c>TCP_USER_TIMEOUT</c> (Linux), for tests and diagnostics.</summary>
    public static TimeSpan UserTimeoutOf(Socket socket)
    {
        var value = new byte[sizeof(uint)];
        socket.GetRawSocketOption(IpProtoTcp, TcpUserTimeout, value);
        return TimeSpan.FromMilliseconds(BitConverter.ToUInt32(value));
    }

    // From <netinet/tcp.h>: .NET names the keepalive options, not this one.
    private const int IpProtoTcp = 6;
    private const int TcpUserTimeout = 18;
}
