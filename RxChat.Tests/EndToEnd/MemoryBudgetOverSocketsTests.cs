using RxChat.Protocol;
using RxChat.Server.Hosting;
using RxChat.Server.Delivery;
using RxChat.Server.Transport;
using RxChat.Tests.Support;
using static RxChat.Tests.Support.Peers;

namespace RxChat.Tests.EndToEnd;

/// <summary>
/// The memory budget over real sockets: clients that never read, while others chat. Each
/// connection may queue far more than the whole budget, so it is the budget that cuts them:
/// what the shared buffer holds never passes it (read from its own accounting after every
/// round), the readers get every line in order, and each non-reader is announced as gone.
/// </summary>
public sealed class MemoryBudgetOverSocketsTests
{
    private const long Budget = 512 * 1024;
    private const int Readers = 3;
    private const int NonReaders = 4;
    private const int MaxRounds = 1500; // ~4.5 MB towards each non-reader: past what loopback's buffers absorb
    private static readonly string Padding = new('x', 1500);

    [Fact]
    public async Task Non_readers_are_cut_off_to_keep_the_budget_while_the_readers_get_every_line()
    {
        var log = new CapturedLog();
        await using var server = await ChatServer.StartAsync(RunningServer.Options(o =>
        {
            o.Limits.MaxQueuedBytes = 64 * 1024 * 1024; // a connection alone could hold 128 budgets
            o.Limits.MaxQueuedBytesTotal = Budget;
            o.Limits.FloodLinesPerSecond = 0;
        }), log);
        var readers = new List<LineClient> { await InRoomAsync(server.Port, "r0", "lobby") };
        var stalled = new List<System.Net.Sockets.Socket>();
        for (int i = 0; i < NonReaders; i++)
        {
            stalled.Add(await NonReaderAsync(server.Port, $"stalled{i}", "lobby"));
            AssertStamped($"stalled{i} joined the room", await readers[0].ReadLineAsync());
        }
        for (int i = 1; i < Readers; i++) readers.Add(await InRoomAsync(server.Port, $"r{i}", "lobby", [.. readers]));

        try
        {
            var told = new HashSet<string>[Readers];
            for (int i = 0; i < Readers; i++) told[i] = [];
            int round = 0;
            long mostHeld = 0;
            for (; round < MaxRounds && told.Any(t => t.Count < NonReaders); round++)
            {
                for (int i = 0; i < Readers; i++) await readers[i].SendLineAsync($"r{i} {round} {Padding}");
                for (int i = 0; i < Readers; i++)
                {
                    // Every other reader's line of this round (each sender's in its order: rounds never overlap).
                    var expected = Enumerable.Range(0, Readers).Where(j => j != i).Select(j => $"r{j}: r{j} {round} {Padding}").ToHashSet();
                    while (expected.Count > 0)
                    {
                        var line = Unstamped(await readers[i].ReadLineAsync());
                        if (line.EndsWith(" left the room lobby")) { Assert.True(told[i].Add(line), $"told twice: {line}"); continue; }
                        if (line.StartsWith("stalled")) continue; // a leader change
                        Assert.True(expected.Remove(line), $"r{i} received, in round {round}, unexpectedly: {line[..Math.Min(40, line.Length)]}");
                    }
                }
                mostHeld = Math.Max(mostHeld, server.Pipeline.Outbound.HeldBytes);
            }

            Assert.All(told, t => Assert.Equal(NonReaders, t.Count)); // each non-reader announced, to each reader, once
            Assert.InRange(server.Pipeline.Outbound.PeakHeldBytes, 1, Budget);
            Assert.InRange(mostHeld, 1, Budget);
            Assert.Equal(NonReaders, server.Pipeline.Outbound.CutForBudget);
            for (int i = 0; i < NonReaders; i++) Assert.Equal(1, log.Count($"stalled{i} disconnected ({ServerLines.OverBudget.Render(Budget.ToString())})"));

            await readers[0].SendLineAsync("/users");
            Assert.Equal("Users: " + string.Join(", ", Enumerable.Range(0, Readers).Select(i => $"r{i}")), await readers[0].ReadLineAsync());
        }
        finally
        {
            foreach (var reader in readers) await reader.DisposeAsync();
            foreach (var socket in stalled) socket.Dispose();
        }
    }
}
