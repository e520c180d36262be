using RxChat.Server.Delivery;
using RxChat.Server.Protocol;

namespace RxChat.Tests.Server.Delivery;

/// <summary>
/// A reply that may be large is queued as <see cref="OutboundLine.Later"/>: it weighs nothing
/// against the asker's limit, is rendered when the writer reaches it, and its lines come in
/// its place among the connection's other lines.
/// </summary>
public sealed class LaterReplyTests
{
    [Fact]
    public void A_reply_larger_than_the_askers_limit_is_written_whole_in_its_place_and_never_cuts_the_asker_off()
    {
        var buffer = new OutboundBuffer(long.MaxValue);
        var room = new OutboundStream(buffer);
        string? cutBecause = null;
        var asker = new Outbox(1000) { OnCutOff = reason => cutBecause = reason };
        asker.Attach(buffer);
        asker.Follow(room);
        int rendered = 0;
        var pieces = Enumerable.Range(1, 50).Select(i => new OutboundLine($"{i}:{new string('<', 100)}")).ToArray(); // ~5 KB > 1000

        room.Append(new OutboundLine("before"));
        asker.Send(OutboundLine.Later(() => { rendered++; return pieces; }));
        room.Append(new OutboundLine("after"));
        buffer.Publish();

        Assert.Null(cutBecause);
        Assert.Equal(0, rendered); // not rendered until the writer reaches it
        Assert.Equal("before\n".Length + "after\n".Length, asker.QueuedBytes);
        var taken = new List<string>();
        while (asker.TryTake(out var line)) taken.Add(line.Text);

        Assert.Equal(["before", .. pieces.Select(p => p.Text), "after"], taken);
        Assert.Equal(1, rendered);
        Assert.Null(cutBecause);
    }

    [Fact]
    public void A_batch_drain_takes_a_later_reply_across_batches_in_order()
    {
        var buffer = new OutboundBuffer(long.MaxValue);
        var asker = new Outbox(100);
        asker.Attach(buffer);
        var pieces = Enumerable.Range(1, 400).Select(i => new OutboundLine($"line {i}")).ToArray();
        asker.Send(OutboundLine.Later(() => pieces));
        asker.Send(new OutboundLine("end"));
        buffer.Publish();

        var written = new List<byte>();
        var batch = new byte[Outbox.BatchBytes / 4];
        while (true)
        {
            int used = asker.DrainInto(batch, out var large);
            written.AddRange(batch[..used]);
            if (large is not null) written.AddRange(large.Bytes.ToArray());
            if (used == 0 && large is null) break;
        }

        var expected = string.Concat(pieces.Select(p => p.Text + "\n")) + "end\n";
        Assert.Equal(expected, System.Text.Encoding.UTF8.GetString([.. written]));
    }
}
