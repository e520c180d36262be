using RxChat.Protocol;
using RxChat.Server.Delivery;
using RxChat.Server.Protocol;

namespace RxChat.Tests.Server.Delivery;

/// <summary>
/// The limits, exact although an append looks at no follower it need not: a connection is
/// cut off at the line that would put it past its own limit, never later; and when the
/// node's budget is full, the readers furthest behind go first.
/// </summary>
public sealed class OutboxLimitTests
{
    [Fact]
    public void A_reader_is_cut_off_at_exactly_the_line_that_would_put_it_past_its_limit()
    {
        var buffer = new OutboundBuffer(long.MaxValue);
        var room = new OutboundStream(buffer);
        var everyone = new OutboundStream(buffer);
        var reader = new Outbox(long.MaxValue);
        reader.Attach(buffer);
        reader.Follow(room);
        reader.Follow(everyone); // keeps both streams followed once the slow one is gone
        string? cutBecause = null;
        var slow = new Outbox(1000) { OnCutOff = reason => cutBecause = reason };
        slow.Attach(buffer);
        slow.Follow(room);
        slow.Follow(everyone);
        var random = new Random(13);
        long queued = 0;

        for (int i = 0; i < 1000 && cutBecause is null; i++)
        {
            var line = new OutboundLine(new string('x', random.Next(0, 60)));
            bool passes = queued + line.Bytes.Length > 1000;
            switch (random.Next(3))
            {
                case 0: room.Append(line); break;
                case 1: everyone.Append(line); break;
                default: slow.Send(line); break;
            }
            buffer.Publish();
            if (random.Next(4) == 0) // reads a little now and then, never enough
            {
                slow.TryTake(out var taken);
                queued -= taken?.Bytes.Length ?? 0;
            }
            Assert.Equal(passes, cutBecause is not null);
            if (!passes) queued += line.Bytes.Length;
            Assert.Equal(queued, slow.IsClosed ? queued : slow.QueuedBytes);
            Assert.InRange(slow.QueuedBytes, 0, 1000);
        }
        Assert.Equal(ServerLines.TooSlow.Render("1000"), cutBecause);
        Assert.True(slow.IsClosed);
    }

    [Fact]
    public void A_reader_that_keeps_reading_is_never_cut_off_however_much_passes()
    {
        var buffer = new OutboundBuffer(long.MaxValue);
        var room = new OutboundStream(buffer);
        string? cutBecause = null;
        var reader = new Outbox(1000) { OnCutOff = reason => cutBecause = reason };
        reader.Attach(buffer);
        reader.Follow(room);
        var line = new OutboundLine(new string('x', 99));
        for (int i = 0; i < 10_000; i++)
        {
            room.Append(line);
            buffer.Publish();
            Assert.True(reader.TryTake(out _));
        }
        Assert.Null(cutBecause);
    }

    [Fact]
    public void The_checks_an_append_costs_do_not_grow_with_the_room()
    {
        static long OperationsPerLine(int members)
        {
            var buffer = new OutboundBuffer(long.MaxValue);
            var room = new OutboundStream(buffer);
            var readers = Enumerable.Range(0, members).Select(_ => new Outbox(1024 * 1024)).ToList();
            foreach (var reader in readers)
            {
                reader.Attach(buffer);
                reader.Follow(room);
            }
            var line = new OutboundLine(new string('x', 59));
            long before = buffer.FoldOperations;
            for (int i = 0; i < 1000; i++)
            {
                room.Append(line);
                buffer.Publish();
                foreach (var reader in readers) while (reader.TryTake(out _)) { }
            }
            return (buffer.FoldOperations - before) / 1000;
        }

        Assert.Equal(1, OperationsPerLine(2));
        Assert.Equal(1, OperationsPerLine(2000));
    }

    [Fact]
    public void When_the_budget_is_full_the_readers_furthest_behind_are_cut_first_and_readers_lose_nothing()
    {
        const long Budget = 100 * 1024;
        var buffer = new OutboundBuffer(Budget);
        var room = new OutboundStream(buffer);
        var readers = Enumerable.Range(0, 3).Select(_ => new Outbox(1024 * 1024)).ToList();
        var cut = new List<int>();
        var stalled = Enumerable.Range(0, 10).Select(i => new Outbox(1024 * 1024) { OnCutOff = _ => cut.Add(i) }).ToList();
        foreach (var outbox in readers.Concat(stalled))
        {
            outbox.Attach(buffer);
            outbox.Follow(room);
        }
        var received = readers.Select(_ => new List<string>()).ToList();
        int sent = 0;

        // The stalled readers read a little, the later ones more: the first stop first and fall furthest behind.
        for (int i = 0; i < 400; i++)
        {
            room.Append(new OutboundLine($"{i:D4} " + new string('x', 1018)));
            sent++;
            buffer.Publish();
            Assert.InRange(buffer.HeldBytes, 0, Budget);
            for (int r = 0; r < readers.Count; r++)
                while (readers[r].TryTake(out var line)) received[r].Add(line.Text[..4]);
            for (int s = 0; s < stalled.Count; s++)
                if (i < 4 * s) stalled[s].TryTake(out _);
        }

        Assert.InRange(buffer.PeakHeldBytes, 1, Budget);
        Assert.Equal(Enumerable.Range(0, 10), cut.Order()); // every stalled reader, in the end
        Assert.Equal([0, 1, 2, 3], cut.Take(4)); // the furthest behind first
        var all = Enumerable.Range(0, sent).Select(i => $"{i:D4}").ToList();
        Assert.All(received, lines => Assert.Equal(all, lines));
    }
}
