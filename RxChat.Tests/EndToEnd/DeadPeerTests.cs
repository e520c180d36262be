using System.Net.Sockets;
using RxChat.Server.Hosting;
using RxChat.Server.Transport;
using RxChat.Tests.Support;
using static RxChat.Tests.Support.Peers;

namespace RxChat.Tests.EndToEnd;

/// <summary>
/// A peer whose host vanishes — no FIN, no RST — is noticed by TCP keepalive and leaves like
/// any disconnect. For real: a client in a network namespace of the test's own, whose link
/// the test takes down.
/// </summary>
public sealed class DeadPeerTests
{
    [Fact]
    public async Task A_peer_whose_link_goes_down_is_noticed_by_keepalive_and_its_room_is_told_it_left()
    {
        await using var network = await NetworkNamespace.CreateAsync();
        await using var server = await ChatServer.StartAsync(RunningServer.Options(o =>
        {
            o.Host = network.HostAddress.ToString(); // bound to the test's own link only
            o.Limits.KeepAliveIdleSeconds = 1;
            o.Limits.KeepAliveIntervalSeconds = 1;
            o.Limits.KeepAliveProbes = 2;
        }));

        await using var alice = await LineClient.ConnectToAsync(network.HostAddress, server.Port);
        await alice.SendLineAsync("alice");
        Assert.Equal("Welcome to the chat server!", await alice.ReadLineAsync());
        await alice.SendLineAsync("/join lobby");
        Assert.Equal("You joined room lobby", await alice.ReadLineAsync());

        // The vanishing user: ncat inside the namespace, its input kept open (an end of input
        // would be a polite FIN, which is not what is tested here).
        var far = network.Start("ncat", network.HostAddress.ToString(), server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await far.StandardInput.WriteAsync("faraway\n/join lobby\n");
        await far.StandardInput.FlushAsync();
        AssertStamped("faraway joined the room", await alice.ReadLineAsync());

        await network.PullTheCableAsync();
        AssertStamped("faraway left the room lobby", await alice.ReadLineAsync());

        await alice.SendLineAsync("/users");
        Assert.Equal("Users: alice", await alice.ReadLineAsync());
        Assert.False(far.HasExited, "the far end never closed: only keepalive could have noticed it");
    }

    [Fact]
    public void Keepalive_is_on_by_default_with_60_s_idle_10_s_interval_and_3_probes()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        TcpKeepAlive.Default.ApplyTo(socket);
        Assert.Equal(1, (int)socket.GetSocketOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive)!);
        Assert.Equal(60, (int)socket.GetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveTime)!);
        Assert.Equal(10, (int)socket.GetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveInterval)!);
        Assert.Equal(3, (int)socket.GetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveRetryCount)!);

        using var off = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        new TcpKeepAlive(IdleSeconds: 0).ApplyTo(off);
        Assert.Equal(0, (int)off.GetSocketOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive)!);
    }
}
