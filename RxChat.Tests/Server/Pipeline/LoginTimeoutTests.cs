using System.Net.Sockets;
using System.Reactive.Concurrency;
using RxChat.Server.Core;
using RxChat.Server.Pipeline;
using RxChat.Server.Protocol;
using RxChat.Server.Transport;
using RxChat.Tests.Support;
using RxChat.Tests.Testing;
using static RxChat.Tests.Support.Peers;

namespace RxChat.Tests.Server.Pipeline;

/// <summary>A connection that never says its name is closed after the login timeout; nobody else waits for it.</summary>
public sealed class LoginTimeoutTests
{
    private static readonly DateTimeOffset Noon = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    private static (List<Command> Commands, ChatTestScheduler Clock, FakeConnection Connection) Watch(FloodLimits? flood = null)
    {
        var clock = new ChatTestScheduler(Noon);
        var connection = new FakeConnection(1);
        var commands = new List<Command>();
        ConnectionCommands.Of(connection, new TextCodec(TimeZoneInfo.Utc), TimeSpan.FromSeconds(30), 16, clock, flood).Subscribe(c => commands.Add(c.Command));
        return (commands, clock, connection);
    }

    [Fact]
    public void On_virtual_time_silence_is_cut_off_exactly_at_the_timeout_with_one_reason()
    {
        var (commands, clock, _) = Watch();
        clock.AdvanceBy(TimeSpan.FromSeconds(30) - TimeSpan.FromTicks(1));
        Assert.Equal([Connected.Instance], commands);
        clock.AdvanceBy(TimeSpan.FromTicks(1));
        Assert.Equal(
            [Connected.Instance, new RefuseLine(new NoUsernameInTime(TimeSpan.FromSeconds(30))), new Disconnected("no username in time")],
            commands);
    }

    [Fact]
    public void Refused_lines_do_not_buy_time_and_a_username_stops_the_clock()
    {
        var (commands, clock, connection) = Watch();
        clock.AdvanceBy(TimeSpan.FromSeconds(20));
        connection.TypeOverlong();                       // refused, still no username
        clock.AdvanceBy(TimeSpan.FromSeconds(10));
        Assert.IsType<Disconnected>(commands[^1]);

        var (late, lateClock, lateConnection) = Watch();
        lateClock.AdvanceBy(TimeSpan.FromSeconds(29));
        lateConnection.Type("alice");
        lateClock.AdvanceBy(TimeSpan.FromHours(5));       // logged in: silence is allowed
        Assert.Equal([Connected.Instance, new Login("alice")], late);
    }

    [Fact]
    public void A_username_dropped_by_flood_control_leaves_the_timeout_running()
    {
        var (commands, clock, connection) = Watch(new FloodLimits(LinesPerSecond: 1, BurstLines: 1, DroppedLinesBeforeDisconnect: 0));
        connection.TypeOverlong();                       // the refusal takes the only token,
        connection.Type("alice");                        // so the username is dropped
        clock.AdvanceBy(TimeSpan.FromSeconds(30));
        Assert.Equal(
            [Connected.Instance, new RefuseLine(new LineTooLong(16)), new RefuseLine(SlowDown.Instance),
             new RefuseLine(new NoUsernameInTime(TimeSpan.FromSeconds(30))), new Disconnected("no username in time")],
            commands);
    }

    [Fact]
    public async Task A_silent_connection_is_told_and_closed_while_the_room_chats_on()
    {
        await using var server = await RunningServer.StartAsync(o => o.Limits.LoginTimeoutSeconds = 2); // tiny, yet ample for alice and bob to log in
        await using var silent = await LineClient.ConnectAsync(server.Port);
        await using var alice = await InRoomAsync(server.Port, "alice", "lobby");
        await using var bob = await InRoomAsync(server.Port, "bob", "lobby", alice);

        await bob.SendLineAsync("one");
        await bob.SendLineAsync("two");
        Assert.Equal(["No username within 2 s: disconnected"], await silent.ReadUntilClosedAsync());

        await bob.SendLineAsync("three");
        Assert.Equal(["bob: one", "bob: two", "bob: three"], (await alice.ReadLinesAsync(3)).Select(Unstamped));
        await alice.ExpectNothingMoreAsync();
        await bob.ExpectNothingMoreAsync();
    }

    [Fact]
    public async Task A_thousand_silent_connections_do_not_keep_a_normal_client_waiting()
    {
        await using var server = await RunningServer.StartAsync();
        var silent = new List<Socket>();
        try
        {
            for (int i = 0; i < 1000; i++)
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                silent.Add(socket);
                await socket.ConnectAsync("127.0.0.1", server.Port).WaitAsync(LineClient.Patience);
            }

            await using var alice = await InRoomAsync(server.Port, "alice", "lobby");
            await using var bob = await InRoomAsync(server.Port, "bob", "lobby", alice);
            await alice.SendLineAsync("hi bob");
            AssertStamped("alice: hi bob", await bob.ReadLineAsync());
            await bob.SendLineAsync("/users");
            Assert.Equal("Users: alice, bob", await bob.ReadLineAsync());
            await alice.ExpectNothingMoreAsync();

            // Every silent connection was accepted and is still waiting, none was turned away.
            Assert.Equal(1002, server.Pipeline.State.Clients.Count);
        }
        finally
        {
            foreach (var socket in silent) socket.Dispose();
        }
    }
}
