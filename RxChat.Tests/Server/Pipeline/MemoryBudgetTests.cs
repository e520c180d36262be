using System.Reactive.Subjects;
using RxChat.Protocol;
using RxChat.Server.Log;
using RxChat.Server.Pipeline;
using RxChat.Server.Delivery;
using RxChat.Server.Transport;
using RxChat.Tests.Support;
using RxChat.Tests.Testing;

namespace RxChat.Tests.Server.Pipeline;

/// <summary>
/// One memory budget for everything queued: many clients that never read while others chat.
/// What the shared buffer holds never passes the budget (its own accounting, after every
/// append); the readers get every line, in order; the non-readers are cut off, the furthest
/// behind first, and everyone is told they left, like any disconnect.
/// </summary>
public sealed class MemoryBudgetTests
{
    private const long Budget = 200 * 1024;
    private static readonly string Padding = new('x', 1000);

    [Fact]
    public void Clients_that_never_read_are_cut_off_to_keep_the_budget_and_the_readers_lose_nothing()
    {
        using var log = SqliteCommandLog.Open(":memory:");
        var clock = new ChatTestScheduler(new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero));
        var options = new ChatOptions { TimeZone = TimeZoneInfo.Utc, Flood = FloodLimits.Off, MaxQueuedBytesTotal = Budget };
        var pipeline = TestPipeline.FoldingAtOnce(log, clock, options);
        var connections = new Subject<IChatConnection>();
        using var running = pipeline.Run(connections);

        var readers = Enumerable.Range(0, 3).Select(i => new OutboxConnection(i + 1)).ToList();
        var stalled = Enumerable.Range(0, 20).Select(i => new OutboxConnection(i + 10)).ToList();
        foreach (var (client, name) in readers.Select((c, i) => (c, $"reader{i}")).Concat(stalled.Select((c, i) => (c, $"stalled{i:D2}"))))
        {
            connections.OnNext(client);
            client.Type(name, "/join main");
        }
        foreach (var reader in readers) reader.Read();
        var failed = new HashSet<OutboxConnection>();

        const int Lines = 600; // 600 KB towards each non-reader: three times the budget
        for (int i = 0; i < Lines; i++)
        {
            readers[i % readers.Count].Type($"{i:D3} {Padding}");
            Assert.InRange(pipeline.Outbound.HeldBytes, 0, Budget);
            foreach (var reader in readers) reader.Read();
            foreach (var client in stalled.Where(c => c.CutOffBecause is not null && failed.Add(c))) client.FailIfCutOff();
        }

        Assert.InRange(pipeline.Outbound.PeakHeldBytes, 1, Budget);
        Assert.All(stalled, client => Assert.Equal(ServerLines.OverBudget.Render(Budget.ToString()), client.CutOffBecause));
        for (int r = 0; r < readers.Count; r++)
        {
            var chat = readers[r].Received.Where(line => line.Contains(": ")).Select(line => line[(line.IndexOf(": ") + 2)..][..3]).ToList();
            var expected = Enumerable.Range(0, Lines).Where(i => i % readers.Count != r).Select(i => $"{i:D3}").ToList();
            Assert.Equal(expected, chat); // every line, in order
            var left = readers[r].Received.Where(line => line.Contains(" left the room main")).ToList();
            Assert.Equal(stalled.Count, left.Count); // each cut-off announced, once
        }
        Assert.Equal(readers.Count, pipeline.State.Clients.Count);
    }
}
