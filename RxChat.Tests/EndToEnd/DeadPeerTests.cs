using System.Diagnostics;
using System.Net.Sockets;
using RxChat.Server.Hosting;
using RxChat.Server.Transport;
using RxChat.Tests.Client;
using RxChat.Tests.Support;
using static RxChat.Tests.Support.Peers;

namespace RxChat.Tests.EndToEnd;

/// <summary>
/// A peer whose host vanishes — no FIN, no RST — is noticed and leaves like any disconnect.
/// For real: a client in a network namespace of the test's own, whose link the test takes
/// down, with keepalive set short (1 s quiet, then 2 probes 1 s apart).
/// </summary>
public sealed class DeadPeerTests
{
    [Fact]
    public async Task A_peer_whose_link_goes_down_in_a_quiet_room_is_noticed_by_keepalive_and_the_room_is_told()
    {
        await WithAPeerFarAwayAsync(async (network, alice, far) =>
        {
            await network.PullTheCableAsync();
            AssertStamped("faraway left the room lobby", await alice.ReadLineAsync());

            await alice.SendLineAsync("/users");
            Assert.Equal("Users: alice", await alice.ReadLineAsync());
            Assert.False(far.HasExited, "the far end never closed: only keepalive could have noticed it");
        });
    }

    [Fact]
    public async Task A_peer_whose_link_goes_down_while_its_room_talks_is_noticed_too()
    {
        await WithAPeerFarAwayAsync(async (network, alice, far) =>
        {
            await network.PullTheCableAsync();
            // Now the server has unacknowledged lines for the far end, so keepalive does not
            // probe it: only the bound on unacknowledged data (TCP_USER_TIMEOUT) notices.
            await alice.SendLineAsync("are you still there?");
            AssertStamped("faraway left the room lobby", await alice.ReadLineAsync());
            Assert.False(far.HasExited, "the far end never closed");
        });
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
        if (OperatingSystem.IsLinux()) Assert.Equal(TimeSpan.FromSeconds(90), TcpKeepAlive.UserTimeoutOf(socket));

        using var off = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        new TcpKeepAlive(IdleSeconds: 0).ApplyTo(off);
        Assert.Equal(0, (int)off.GetSocketOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive)!);
    }

    /// <summary>
    /// A server on the test's own link, alice (on this host) and faraway (the console client,
    /// inside the namespace) in the lobby; then <paramref name="act"/>. Everything is removed afterwards.
    /// </summary>
    private static async Task WithAPeerFarAwayAsync(Func<NetworkNamespace, LineClient, Process, Task> act)
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

        // RxChat's own client, run inside the namespace. Its input is kept open: an end of
        // input would be a polite goodbye, not what is tested.
        var far = network.Start("dotnet", ClientProcess.ClientDll, "faraway", network.HostAddress.ToString(),
            server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await far.StandardInput.WriteAsync("/join lobby\n");
        await far.StandardInput.FlushAsync();
        AssertStamped("faraway joined the room", await alice.ReadLineAsync());

        await act(network, alice, far);
    }
}
