using RxChat.Server.Hosting;
using RxChat.Tests.Support;
using static RxChat.Tests.Support.Peers;

namespace RxChat.Tests.EndToEnd;

/// <summary>
/// A client that stops reading is cut off when its outbound queue overflows; the room never
/// waits for it and the server never holds more than the limit for it.
/// </summary>
public sealed class SlowConsumerTests
{
    private const long QueueLimit = 256 * 1024;
    private const int Chatters = 20;
    private const int MaxRounds = 400; // ~24 MB towards the non-reader: far more than any socket buffers hold
    private static readonly string Padding = new('x', 3000);

    [Fact]
    public async Task A_client_that_never_reads_is_cut_off_while_twenty_others_get_every_message()
    {
        var log = new CapturedLog();
        await using var server = await ChatServer.StartAsync(
            RunningServer.Options(o => o.Limits.MaxQueuedBytes = QueueLimit), log);
        var chatters = new List<LineClient> { await InRoomAsync(server.Port, "c00", "lobby") };
        using var slow = await NonReaderAsync(server.Port, "slow", "lobby");
        AssertStamped("slow joined the room", await chatters[0].ReadLineAsync());
        for (int i = 1; i < Chatters; i++)
            chatters.Add(await InRoomAsync(server.Port, $"c{i:00}", "lobby", [.. chatters]));
        var slowConnection = ConnectionOf(server, "slow");

        try
        {
            long mostQueued = 0;
            var toldSlowLeft = new int[Chatters];
            int round = 0;
            // Each round every chatter says one line and then reads the other 19: the chatters are
            // never more than one round behind, while the non-reader falls further behind each round.
            for (; round < MaxRounds && toldSlowLeft.Any(n => n == 0); round++)
            {
                for (int i = 0; i < Chatters; i++) await chatters[i].SendLineAsync($"c{i:00} r{round} {Padding}");
                for (int i = 0; i < Chatters; i++)
                {
                    var expected = Enumerable.Range(0, Chatters).Where(j => j != i).Select(j => $"c{j:00}: c{j:00} r{round} {Padding}").ToHashSet();
                    while (expected.Count > 0)
                    {
                        var line = Unstamped(await chatters[i].ReadLineAsync());
                        if (line == "slow left the room lobby") { toldSlowLeft[i]++; continue; }
                        Assert.True(expected.Remove(line), $"c{i:00} received, in round {round}, unexpectedly: {line[..Math.Min(40, line.Length)]}");
                    }
                    mostQueued = Math.Max(mostQueued, server.OpenConnections.Max(c => c.QueuedBytes));
                }
            }

            Assert.All(toldSlowLeft, n => Assert.Equal(1, n));
            Assert.StartsWith("too slow", slowConnection.AbortReason);
            Assert.Equal(1, log.Count("slow disconnected (too slow"));
            Assert.InRange(mostQueued, 1, QueueLimit); // it did back up, and never past the limit
            await slowConnection.Closed.WaitAsync(LineClient.Patience);

            await chatters[0].SendLineAsync("/users");
            Assert.Equal("Users: " + string.Join(", ", Enumerable.Range(0, Chatters).Select(i => $"c{i:00}")), await chatters[0].ReadLineAsync());
            foreach (var chatter in chatters) await chatter.ExpectNothingMoreAsync();
        }
        finally
        {
            foreach (var chatter in chatters) await chatter.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_client_that_pauses_reading_gets_every_line_in_order_once_it_reads_again()
    {
        // ~6 MB: more than the kernel holds for a peer with a 4 KiB window (its send buffer
        // grows to 4 MiB here), so the socket refuses some and the rest waits in the queue.
        const int Lines = 2000;
        const long Limit = 16 * 1024 * 1024;
        await using var server = await ChatServer.StartAsync(
            RunningServer.Options(o => o.Limits.MaxQueuedBytes = Limit), new CapturedLog());
        await using var chatter = await InRoomAsync(server.Port, "c00", "lobby");
        using var pauser = await NonReaderAsync(server.Port, "pauser", "lobby");
        AssertStamped("pauser joined the room", await chatter.ReadLineAsync());
        var pauserConnection = ConnectionOf(server, "pauser");

        for (int i = 0; i < Lines; i++) await chatter.SendLineAsync($"line {i} {Padding}");
        // Everything is folded once the chatter's own /users answer comes back: then what the
        // socket could not take waits in the server's queue, sent as the peer reads.
        await chatter.SendLineAsync("/users");
        Assert.Equal("Users: c00, pauser", await chatter.ReadLineAsync());
        Assert.InRange(pauserConnection.QueuedBytes, 1024 * 1024, Limit);

        using var reader = new StreamReader(new System.Net.Sockets.NetworkStream(pauser), System.Text.Encoding.UTF8);
        int next = 0;
        while (next < Lines)
        {
            var line = await reader.ReadLineAsync().WaitAsync(LineClient.Patience);
            Assert.NotNull(line);
            if (!line.Contains("c00: ")) continue; // its welcome and join reply
            Assert.Equal($"c00: line {next} {Padding}", Unstamped(line));
            next++;
        }
        Assert.Null(pauserConnection.AbortReason);
    }
}
