using System.Net.Sockets;
using System.Reactive.Subjects;
using System.Text;
using RxChat.Server.Hosting;
using RxChat.Server.Log;
using RxChat.Server.Pipeline;
using RxChat.Server.Transport;
using RxChat.Tests.Support;
using RxChat.Tests.Testing;
using static RxChat.Tests.Support.Peers;

namespace RxChat.Tests.EndToEnd;

/// <summary>
/// Resets, half-closes, clients vanishing mid-write and exceptions each end one connection:
/// logged once, announced once, and the chat goes on for everyone else.
/// </summary>
public sealed class FaultTests
{
    /// <summary>
    /// Queued bytes that prove a writer is stuck, not just behind: it drains 16 KiB per send,
    /// and this is more than 150 lines it could not get rid of, one barrier line apart.
    /// </summary>
    private const long Stuck = 512 * 1024;

    private static Task<ChatServer> StartLoggedAsync(CapturedLog log, Action<ChatServerOptions>? configure = null)
    {
        var options = RunningServer.Options();
        configure?.Invoke(options);
        return ChatServer.StartAsync(options, log);
    }

    [Fact]
    public async Task A_connection_reset_ends_that_connection_only_and_is_logged_once()
    {
        var log = new CapturedLog();
        await using var server = await StartLoggedAsync(log);
        await using var alice = await InRoomAsync(server.Port, "alice", "lobby");
        await using var bob = await InRoomAsync(server.Port, "bob", "lobby", alice);
        await using var carol = await InRoomAsync(server.Port, "carol", "lobby", alice, bob);

        await carol.SendLineAsync("bye");
        carol.Abort(); // RST, like a crashed client

        Assert.Equal(["carol: bye", "carol left the room lobby"], (await alice.ReadLinesAsync(2)).Select(Unstamped));
        Assert.Equal(["carol: bye", "carol left the room lobby"], (await bob.ReadLinesAsync(2)).Select(Unstamped));
        await alice.SendLineAsync("still here");
        AssertStamped("alice: still here", await bob.ReadLineAsync());
        await bob.SendLineAsync("/leader");
        Assert.Equal("Leader of room lobby: alice", await bob.ReadLineAsync());
        Assert.Equal(1, log.Count("carol disconnected"));
        ChatInvariants.Hold(server.Pipeline.State);
    }

    [Fact]
    public async Task A_half_closed_client_still_gets_its_answers_before_the_server_closes()
    {
        await using var server = await RunningServer.StartAsync();
        await using var alice = await InRoomAsync(server.Port, "alice", "lobby");

        using var bob = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await bob.ConnectAsync("127.0.0.1", server.Port).WaitAsync(LineClient.Patience);
        await bob.SendAsync("bob\n/join lobby\n/users\nhello, and goodbye\n"u8.ToArray());
        bob.Shutdown(SocketShutdown.Send); // like `nc -N` at the end of its input

        var received = new MemoryStream();
        var buffer = new byte[4096];
        using var patience = new CancellationTokenSource(LineClient.Patience);
        int read;
        while ((read = await bob.ReceiveAsync(buffer, SocketFlags.None, patience.Token)) > 0) received.Write(buffer, 0, read);
        Assert.Equal("Welcome to the chat server!\nYou joined room lobby\nUsers: alice, bob\n", Encoding.UTF8.GetString(received.ToArray()));

        Assert.Equal(["bob joined the room", "bob: hello, and goodbye", "bob left the room lobby"], (await alice.ReadLinesAsync(3)).Select(Unstamped));
        await alice.ExpectNothingMoreAsync();
    }

    [Fact]
    public async Task A_client_vanishing_while_the_server_writes_to_it_ends_only_that_connection()
    {
        var log = new CapturedLog();
        await using var server = await StartLoggedAsync(log, o => o.Limits.MaxQueuedBytes = 64 * 1024 * 1024);
        await using var alice = await InRoomAsync(server.Port, "alice", "lobby");
        await using var bob = await InRoomAsync(server.Port, "bob", "lobby", alice);
        var victimSocket = await NonReaderAsync(server.Port, "victim", "lobby");
        AssertStamped("victim joined the room", await alice.ReadLineAsync());
        AssertStamped("victim joined the room", await bob.ReadLineAsync());
        var victim = ConnectionOf(server, "victim");

        // Chat until the server's writer is stuck mid-send to the victim: its queue is growing.
        var line = new string('x', 3000);
        for (int i = 0; i < 5000 && victim.QueuedBytes < Stuck; i++)
        {
            await alice.SendLineAsync(line);
            AssertStamped("alice: " + line, await bob.ReadLineAsync()); // delivered to everyone, the victim included
        }
        Assert.True(victim.QueuedBytes >= Stuck, "the victim's queue never backed up");

        victimSocket.LingerState = new LingerOption(true, 0);
        victimSocket.Close(); // vanishes with a reset
        await victim.Closed.WaitAsync(LineClient.Patience);

        await alice.SendLineAsync("after");
        var seen = (await bob.ReadLinesAsync(2)).Select(Unstamped).ToList();
        Assert.Contains("victim left the room lobby", seen);
        Assert.Contains("alice: after", seen);
        await bob.ExpectNothingMoreAsync();
        Assert.Equal(1, log.Count("victim disconnected"));
        Assert.Equal(0, log.Entries.Count(e => e.Level >= Microsoft.Extensions.Logging.LogLevel.Critical));
    }

    [Fact]
    public async Task A_client_that_quits_but_never_reads_its_last_lines_is_closed_after_the_close_timeout()
    {
        await using var server = await RunningServer.StartAsync(o =>
        {
            o.Limits.CloseTimeoutSeconds = 1;
            o.Limits.MaxQueuedBytes = 64 * 1024 * 1024;
        });
        await using var alice = await InRoomAsync(server.Port, "alice", "lobby");
        await using var bob = await InRoomAsync(server.Port, "bob", "lobby", alice);
        using var stuckSocket = await NonReaderAsync(server.Port, "stuck", "lobby");
        AssertStamped("stuck joined the room", await alice.ReadLineAsync());
        AssertStamped("stuck joined the room", await bob.ReadLineAsync());
        var stuck = ConnectionOf(server, "stuck");

        // Chat until the server's writer is stuck on it: its socket buffers are full and its queue grows.
        var line = new string('x', 3000);
        for (int i = 0; i < 5000 && stuck.QueuedBytes < Stuck; i++)
        {
            await alice.SendLineAsync(line);
            AssertStamped("alice: " + line, await bob.ReadLineAsync());
        }
        Assert.True(stuck.QueuedBytes >= Stuck, "the queue never backed up");

        await stuckSocket.SendAsync("quit\n"u8.ToArray()); // leaves, but still reads nothing
        AssertStamped("stuck left the room lobby", await bob.ReadLineAsync());
        await stuck.Closed.WaitAsync(LineClient.Patience); // without the close timeout its socket and queue stayed forever
        Assert.StartsWith("did not take its last lines", stuck.AbortReason);
        await bob.ExpectNothingMoreAsync();
    }

    [Fact]
    public void An_exception_in_one_connection_ends_it_alone_and_the_stream_goes_on()
    {
        var log = new CapturedLog();
        var clock = new ChatTestScheduler(new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero));
        using var commandLog = SqliteCommandLog.Open(":memory:");
        var pipeline = TestPipeline.FoldingAtOnce(commandLog, clock, logger: log.CreateLogger("RxChat"));
        var connections = new Subject<IChatConnection>();
        using var running = pipeline.Run(connections);

        var (alice, bob, failing, breaking) = (new FakeConnection(1), new FakeConnection(2), new FakeConnection(3), new FakeConnection(4));
        foreach (var (connection, name) in new[] { (alice, "alice"), (bob, "bob"), (failing, "failing"), (breaking, "breaking") })
        {
            connections.OnNext(connection);
            connection.Type(name, "/join lobby");
        }

        failing.Fail(new InvalidOperationException("a bug in the transport"));
        Assert.Equal("[12:00:00] failing left the room lobby", alice.Received[^1]);
        Assert.Equal(1, log.Count("failing disconnected (a bug in the transport)"));

        breaking.BreakOnSend = true;
        alice.Type("one");
        alice.Type("two");
        Assert.Equal(["[12:00:00] alice: one", "[12:00:00] alice: two"], bob.Received[^2..]);
        Assert.Equal("could not be written to: transport bug", breaking.CutOffBecause); // its writer failed: cut off, as a socket's is
        Assert.True(breaking.HungUp);

        breaking.Close(); // its lines end, as a hung-up socket's do
        Assert.Equal("[12:00:00] breaking left the room lobby", bob.Received[^1]);
        bob.Type("/users");
        Assert.Equal("Users: alice, bob", bob.Received[^1]);
        ChatInvariants.Hold(pipeline.State);
        Assert.Equal(0, log.Entries.Count(e => e.Level >= Microsoft.Extensions.Logging.LogLevel.Critical));
    }
}
