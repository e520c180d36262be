using System.Text;
using RxChat.Server.Core;
using RxChat.Server.Log;
using RxChat.Server.Log.Nats;

namespace RxChat.Tests.Server.Log.Nats;

/// <summary>
/// How every node turns the stream's messages into entries, without NATS: positions count
/// entries, every entry of a message takes the message's stored time, times never go back,
/// a node starting from a snapshot's point counts and clocks exactly as one that read it all.
/// </summary>
public sealed class NatsLogReaderTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 3, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Positions_count_entries_and_each_takes_its_messages_stored_time()
    {
        var reader = new NatsLogReader(NatsLogPoint.Start, "test");
        var first = reader.Read(1, T0, Message("a", "b"));
        var second = reader.Read(2, T0.AddSeconds(1), Message("c"));
        Assert.Equal([1L, 2L, 3L], first.Entries.Concat(second.Entries).Select(e => e.Position));
        Assert.Equal([T0, T0, T0.AddSeconds(1)], first.Entries.Concat(second.Entries).Select(e => e.Time));
    }

    [Fact]
    public void A_stored_time_earlier_than_the_one_before_takes_the_one_before()
    {
        var reader = new NatsLogReader(NatsLogPoint.Start, "test");
        reader.Read(1, T0.AddSeconds(5), Message("a"));
        var stepped = reader.Read(2, T0, Message("b")); // a new stream leader whose clock is behind
        Assert.Equal(T0.AddSeconds(5), Assert.Single(stepped.Entries).Time);
    }

    [Fact]
    public void From_a_snapshot_taken_inside_a_message_a_node_reads_on_as_if_it_had_read_everything()
    {
        var everything = new NatsLogReader(NatsLogPoint.Start, "test");
        everything.Read(1, T0.AddSeconds(9), Message("a"));
        var batch = everything.Read(2, T0, Message("b", "c", "d"));
        var rest = everything.Read(3, T0.AddSeconds(1), Message("e"));

        var point = batch.PointAt(batch.Entries[1].Position); // the snapshot covers "b" and "c"
        var fromSnapshot = new NatsLogReader(point, "test");
        var replayed = fromSnapshot.Read(2, T0, Message("b", "c", "d")).Entries.Concat(fromSnapshot.Read(3, T0.AddSeconds(1), Message("e")).Entries);
        Assert.Equal(batch.Entries.Skip(2).Concat(rest.Entries), replayed);
    }

    [Fact]
    public void A_message_missing_from_the_stream_makes_the_log_unusable_rather_than_folding_past_it()
    {
        var reader = new NatsLogReader(NatsLogPoint.Start, "test");
        reader.Read(1, T0, Message("a"));
        var missing = Assert.Throws<LogUnusableException>(() => reader.Read(3, T0, Message("c")));
        Assert.Contains("2–2", missing.Message);
    }

    [Fact]
    public void A_message_delivered_again_and_an_empty_one_add_no_entries()
    {
        var reader = new NatsLogReader(NatsLogPoint.Start, "test");
        reader.Read(1, T0, Message("a"));
        Assert.Empty(reader.Read(1, T0, Message("a")).Entries);
        Assert.Empty(reader.Read(2, T0, []).Entries); // a settled run's id
        Assert.Equal(2L, Assert.Single(reader.Read(3, T0, Message("b")).Entries).Position);
    }

    [Fact]
    public void A_message_that_is_not_a_run_makes_the_log_unusable()
    {
        var reader = new NatsLogReader(NatsLogPoint.Start, "test");
        Assert.Throws<LogUnusableException>(() => reader.Read(1, T0, Encoding.UTF8.GetBytes("hello")));
    }

    private static byte[] Message(params string[] said) =>
        NatsRunCodec.Encode([.. said.Select(text => new Stamped(new ConnectionId("a", 1), T0, new Say(text)))]).Single();
}
