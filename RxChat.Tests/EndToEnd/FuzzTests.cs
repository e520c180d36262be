using RxChat.Protocol;
using RxChat.Tests.Testing;
using System.Net.Sockets;
using System.Reactive.Subjects;
using System.Text;
using RxChat.Server.Core;
using RxChat.Server.Log;
using RxChat.Server.Pipeline;
using RxChat.Server.Transport;
using RxChat.Tests.Support;
using Xunit.Abstractions;
using static RxChat.Tests.Support.Peers;

namespace RxChat.Tests.EndToEnd;

/// <summary>
/// Seeded fuzzing: random commands and random bytes from many connections. Afterwards (and,
/// on virtual time, after every single step) the chat's invariants hold, nobody was sent a
/// control character, and a normal session still gets exactly the right answers.
/// </summary>
public sealed class FuzzTests(ITestOutputHelper output)
{
    private const int Seed = 20261124;

    private static readonly string[] Names = ["ann", "Ann", "bo", "cy", "dee", "ed", "fay", "gus", "hal", "ivy", "ANN", "jo", "kim", "lu", "\u001b[1mmo", new string('n', 40)];
    private static readonly string[] Rooms = ["a", "b", "c", "A", "a b", "  c  ", "\u0007bell", new string('r', 70), "ü", "\uFFFD"];

    private static readonly string[] Wide = ["ä", "é", "€", "😀", "\u200B", "\u202E"];

    /// <summary>A random line: mostly the chat's own commands, sometimes junk.</summary>
    private static string RandomLine(Random random) => random.Next(14) switch
    {
        0 or 1 => "/join " + Rooms[random.Next(Rooms.Length)],
        2 => "/join",
        3 => "/users",
        4 => "/room",
        5 => "/leader",
        6 => random.Next(3) == 0 ? "/USERS" : "/joinx",
        7 => "\u001b[31m" + RandomText(random, 20) + "\u0007",
        8 => random.Next(40) == 0 ? (random.Next(2) == 0 ? "quit" : "/quit") : "  ",
        9 => Names[random.Next(Names.Length)],
        _ => RandomText(random, 60),
    };

    private static string RandomText(Random random, int maxLength)
    {
        var text = new StringBuilder();
        for (int i = random.Next(maxLength); i > 0; i--)
            text.Append(random.Next(10) switch
            {
                0 => ((char)random.Next(0, 32)).ToString(),      // C0 controls
                1 => ((char)random.Next(0x7F, 0xA0)).ToString(), // DEL and C1 controls
                2 => Wide[random.Next(Wide.Length)],
                _ => ((char)random.Next(32, 127)).ToString(),
            });
        return text.ToString();
    }

    [Fact]
    public void Random_commands_keep_every_invariant_at_every_step_on_virtual_time()
    {
        var random = new Random(Seed);
        var clock = new ChatTestScheduler(new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero));
        var options = new ChatOptions { TimeZone = TimeZoneInfo.Utc, Flood = new FloodLimits(20, 50, 100), MaxLineBytes = 64 };
        var journal = new CapturedLog();
        using var log = SqliteCommandLog.Open(":memory:");
        var pipeline = TestPipeline.FoldingAtOnce(log, clock, options, journal.CreateLogger("RxChat"));
        var connections = new Subject<IChatConnection>();
        using var run = pipeline.Run(connections);
        int steps = 0, mostRooms = 0, mostMembers = 0;
        using var folded = log.EntriesOneByOne(pipeline.State.Position).Subscribe(_ => // after the pipeline's own fold of the entry
        {
            steps++;
            mostRooms = Math.Max(mostRooms, pipeline.State.Rooms.Count);
            mostMembers = Math.Max(mostMembers, pipeline.State.Rooms.Values.Sum(r => r.Members.Length));
            ChatInvariants.Hold(pipeline.State);
        });
        var everyone = new List<FakeConnection>();

        var open = new List<FakeConnection>();
        long sequence = 0;
        for (int i = 0; i < 10_000; i++)
        {
            int action = random.Next(100);
            if (open.Count < 3 || action < 4)
            {
                var connection = new FakeConnection(++sequence);
                open.Add(connection);
                everyone.Add(connection);
                connections.OnNext(connection);
                if (random.Next(4) != 0) connection.Type($"user{sequence}"); // mostly a good name, so rooms fill up
            }
            else if (action < 6) Close(open, random.Next(open.Count), c => c.Close());
            else if (action < 7) Close(open, random.Next(open.Count), c => c.Fail(new SocketException((int)SocketError.ConnectionReset)));
            else if (action < 9) clock.AdvanceBy(TimeSpan.FromSeconds(random.Next(1, 40))); // login timeouts, flood refills
            else if (action < 10) open[random.Next(open.Count)].TypeOverlong();
            else open[random.Next(open.Count)].Type(RandomLine(random));
        }

        Assert.True(steps > 5_000, $"only {steps} steps");
        Assert.Equal(0, journal.Count("Error handling"));
        foreach (var line in everyone.SelectMany(c => c.Received))
            Assert.False(ControlCharacters.Any(line), $"sent a control character: {line}");
        output.WriteLine($"seed {Seed}: {steps} steps, up to {mostRooms} rooms and {mostMembers} members in rooms");
        Assert.True(mostRooms >= 3 && mostMembers >= 5, $"the run built too little to check: {mostRooms} rooms, {mostMembers} members");
    }

    private static void Close(List<FakeConnection> open, int at, Action<FakeConnection> close)
    {
        close(open[at]);
        open.RemoveAt(at);
    }

    /// <summary>One fuzzing peer over a real socket: it writes its script in random slices and keeps all it receives.</summary>
    private sealed class FuzzPeer(Socket socket)
    {
        private readonly MemoryStream _received = new();

        public byte[] Received => _received.ToArray();

        public static async Task<FuzzPeer> RunAsync(int port, byte[] script, Random random, int ending)
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            await socket.ConnectAsync("127.0.0.1", port).WaitAsync(LineClient.Patience);
            var peer = new FuzzPeer(socket);
            var receiving = peer.ReceiveAllAsync();
            try
            {
                for (int at = 0; at < script.Length;)
                {
                    int slice = Math.Min(script.Length - at, random.Next(1, 700));
                    await socket.SendAsync(script.AsMemory(at, slice)).AsTask().WaitAsync(LineClient.Patience);
                    at += slice;
                }
            }
            catch (SocketException) { /* the server hung up on us (a refused name, quit, flooding): fine */ }

            if (ending == 0)
            {
                socket.LingerState = new LingerOption(true, 0);
                socket.Close(); // vanish with a reset
            }
            else
            {
                try { socket.Shutdown(SocketShutdown.Send); } catch (SocketException) { }
                await receiving.WaitAsync(LineClient.Patience); // the server closes its side once it is done with us
                socket.Dispose();
            }
            await receiving.WaitAsync(LineClient.Patience);
            return peer;
        }

        private async Task ReceiveAllAsync()
        {
            var buffer = new byte[8192];
            try
            {
                int read;
                while ((read = await socket.ReceiveAsync(buffer)) > 0) _received.Write(buffer, 0, read);
            }
            catch (Exception) { /* reset or closed by us */ }
        }
    }

    [Fact]
    public async Task Random_bytes_and_lines_from_many_sockets_leave_a_server_that_still_answers_correctly()
    {
        await using var server = await RunningServer.StartAsync(o => o.Limits.MaxLineBytes = 512);
        var random = new Random(Seed);
        var scripts = Enumerable.Range(0, 40).Select(i => (Script: Script(random, $"peer{i}"), Random: new Random(random.Next()), Ending: random.Next(3))).ToList();
        Assert.True(scripts.Sum(s => s.Script.Count(b => b == '\n')) > 5_000, "too few lines to call it fuzzing");

        var peers = await Task.WhenAll(scripts.Select(s => Task.Run(() => FuzzPeer.RunAsync(server.Port, s.Script, s.Random, s.Ending))));

        ChatInvariants.Hold(server.Pipeline.State);
        foreach (var peer in peers)
        {
            var text = Encoding.UTF8.GetString(peer.Received);
            Assert.DoesNotContain(text.Replace("\n", ""), ControlCharacters.Is);
        }

        await using var first = await InRoomAsync(server.Port, "first-after", "after the storm");
        await using var second = await InRoomAsync(server.Port, "second-after", "after the storm", first);
        await second.SendLineAsync("is anyone there?");
        AssertStamped("second-after: is anyone there?", await first.ReadLineAsync());
        await second.SendLineAsync("/leader");
        Assert.Equal("Leader of room after the storm: first-after", await second.ReadLineAsync());
        await first.SendLineAsync("/room");
        Assert.Equal("You are in room after the storm", await first.ReadLineAsync());
        await first.SendLineAsync("/users");
        Assert.EndsWith("first-after, second-after", await first.ReadLineAsync());
        await second.ExpectNothingMoreAsync();
        ChatInvariants.Hold(server.Pipeline.State);
    }

    /// <summary>A name (mostly its own, sometimes a taken or bad one), then a hundred or two random lines and bytes.</summary>
    private static byte[] Script(Random random, string ownName)
    {
        var bytes = new List<byte>();
        bytes.AddRange(Encoding.UTF8.GetBytes((random.Next(4) == 0 ? Names[random.Next(Names.Length)] : ownName) + "\n"));
        for (int i = random.Next(100, 200); i > 0; i--)
        {
            switch (random.Next(20))
            {
                case 0:
                    var junk = new byte[random.Next(1, 300)];
                    random.NextBytes(junk);
                    bytes.AddRange(junk);
                    break;
                case 1:
                    bytes.AddRange(Enumerable.Repeat((byte)'z', random.Next(400, 2000)));
                    bytes.Add((byte)'\n');
                    break;
                default:
                    bytes.AddRange(Encoding.UTF8.GetBytes(RandomLine(random) + (random.Next(5) == 0 ? "\r\n" : "\n")));
                    break;
            }
        }
        return [.. bytes];
    }
}
