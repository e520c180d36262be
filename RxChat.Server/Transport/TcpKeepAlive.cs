using System.Net.Sockets;

namespace RxChat.Server.Transport;

/// <summary>
/// TCP keepalive for every connection, so a peer that vanished without a word (a pulled
/// cable, a suspended laptop: no FIN, no RST) is noticed in a quiet room too. After
/// <paramref name="IdleSeconds"/> without traffic the kernel sends a probe every
/// <paramref name="IntervalSeconds"/>; after <paramref name="Probes"/> unanswered ones the
/// connection's reads fail, and the chat treats that like any other disconnect.
/// </summary>
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
    }
}
