using System.Collections.Concurrent;
using RxChat.Server.Core;
using RxChat.Server.Log;
using RxChat.Server.Log.Nats;
using RxChat.Tests.Support;

namespace RxChat.Tests.Server.Log.Nats;

/// <summary>
/// The NATS JetStream log engine against a real <c>nats-server</c>: what every node reads,
/// in which order, at which positions and times; a retried run stored once; NATS gone.
/// </summary>
public sealed class NatsCommandLogTests : InProcessNatsTest
{
    [Fact]
    public async Task Two_nodes_read_the_same_entries_at_the_same_positions_and_times_each_node_in_its_order()
    {
        var a = await OpenLogAsync("a");
        var b = await OpenLogAsync("b");
        var readByA = Read(a);
        var readByB = Read(b);

        const int Runs = 30;
        await Task.WhenAll(
            Task.Run(() => { for (int i = 0; i < Runs; i++) a.Append(Run("a", i)); }),
            Task.Run(() => { for (int i = 0; i < Runs; i++) b.Append(Run("b", i)); }));

        var seenByA = await AllAsync(readByA, 2 * Runs * 3);
        var seenByB = await AllAsync(readByB, 2 * Runs * 3);
        Assert.Equal(seenByA, seenByB);
        Assert.Equal(Enumerable.Range(1, 2 * Runs * 3).Select(p => (long)p), seenByA.Select(e => e.Position));
        foreach (var node in new[] { "a", "b" })
        {
            var said = seenByA.Where(e => e.From.Node == node).Select(e => ((Say)e.Command).Text);
            Assert.Equal(Enumerable.Range(0, Runs).SelectMany(i => new[] { $"{node}{i}.0", $"{node}{i}.1", $"{node}{i}.2" }), said);
        }
        // A run is one message: its entries are adjacent and share JetStream's time.
        for (int i = 0; i < seenByA.Count; i += 3)
        {
            Assert.Single(seenByA.Skip(i).Take(3).Select(e => (e.From.Node, e.Time)).Distinct());
        }
        Assert.True(seenByA.Zip(seenByA.Skip(1)).All(pair => pair.First.Time <= pair.Second.Time), "times never go back along the log");
    }

    [Fact]
    public async Task The_time_is_JetStreams_not_the_appending_nodes()
    {
        var a = await OpenLogAsync("a");
        var read = Read(a);
        var longAgo = new DateTimeOffset(2001, 1, 1, 0, 0, 0, TimeSpan.Zero);
        a.Append([new Stamped(new ConnectionId("a", 1), longAgo, new Say("then"))]);
        var entry = Assert.Single(await AllAsync(read, 1));
        Assert.True(entry.Time > longAgo.AddYears(20), $"the stored time {entry.Time:O} is the stream's, not the stamp");
    }

    [Fact]
    public async Task A_run_published_again_under_its_id_is_stored_once()
    {
        var a = await OpenLogAsync("a");
        var read = Read(a);
        var message = NatsRunCodec.Encode(Run("a", 0))[0];
        a.Appender.Publish("a.retry.1", message);
        a.Appender.Publish("a.retry.1", message); // the retry of a run whose ack was lost: a duplicate ack, success
        a.Append(Run("a", 1));

        var seen = await AllAsync(read, 6);
        Assert.Equal(["a0.0", "a0.1", "a0.2", "a1.0", "a1.1", "a1.2"], seen.Select(e => ((Say)e.Command).Text));
        Assert.Equal(2L, (await StreamStateAsync()).Messages);
    }

    [Fact]
    public async Task Without_NATS_an_append_fails_at_once_and_is_told_unavailable_then_available_again()
    {
        var a = await OpenLogAsync("a", o => o with { RetryFor = TimeSpan.FromMinutes(10) }); // would hang, were it retried
        var availability = new BlockingCollection<bool>();
        using var watching = ((ILogAvailability)a).Available.Subscribe(availability.Add);
        Assert.True(Next(availability));

        await Nats.KillAsync();
        Assert.False(Next(availability));
        var failed = await Assert.ThrowsAsync<LogWriteException>(() => Task.Run(() => a.Append(Run("a", 0))).WaitAsync(Patience));
        Assert.Contains("not reachable", failed.Message);

        await Nats.StartAgainAsync();
        Assert.True(Next(availability));
        var read = Read(a);
        a.Append(Run("a", 1));
        Assert.Equal(["a1.0", "a1.1", "a1.2"], (await AllAsync(read, 3)).Select(e => ((Say)e.Command).Text));
        // The failed run was settled first: an empty message took its id, so it can never be stored late.
        Assert.Equal(2L, (await StreamStateAsync()).Messages);
    }

    private static bool Next(BlockingCollection<bool> availability) =>
        availability.TryTake(out var available, Patience) ? available : throw new Xunit.Sdk.XunitException("no change of availability");

    private static List<Stamped> Run(string node, int run) =>
        [.. Enumerable.Range(0, 3).Select(i => new Stamped(new ConnectionId(node, 1), DateTimeOffset.UtcNow, new Say($"{node}{run}.{i}")))];

    private BlockingCollection<LogEntry> Read(NatsCommandLog log)
    {
        var entries = new BlockingCollection<LogEntry>();
        Track(log.EntriesOneByOne(0).Subscribe(entries.Add));
        return entries;
    }

    private static Task<List<LogEntry>> AllAsync(BlockingCollection<LogEntry> entries, int count) => Task.Run(() =>
    {
        var all = new List<LogEntry>(count);
        while (all.Count < count)
        {
            if (!entries.TryTake(out var entry, Patience)) throw new Xunit.Sdk.XunitException($"only {all.Count} of {count} entries arrived");
            all.Add(entry);
        }
        return all;
    });
}
