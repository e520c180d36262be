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
        var first = reader.Read(1, T0, OnA, Message("a", "b"));
        var second = reader.Read(2, T0.AddSeconds(1), OnA, Message("c"));
        Assert.Equal([1L, 2L, 3L], first.Entries.Concat(second.Entries).Select(e => e.Position));
        Assert.Equal([T0, T0, T0.AddSeconds(1)], first.Entries.Concat(second.Entries).Select(e => e.Time));
    }

    [Fact]
    public void A_stored_time_earlier_than_the_one_before_takes_the_one_before()
    {
        var reader = new NatsLogReader(NatsLogPoint.Start, "test");
        reader.Read(1, T0.AddSeconds(5), OnA, Message("a"));
        var stepped = reader.Read(2, T0, OnA, Message("b")); // a new stream leader whose clock is behind
        Assert.Equal(T0.AddSeconds(5), Assert.Single(stepped.Entries).Time);
    }

    [Fact]
    public void From_a_snapshot_taken_inside_a_message_a_node_reads_on_as_if_it_had_read_everything()
    {
        var everything = new NatsLogReader(NatsLogPoint.Start, "test");
        everything.Read(1, T0.AddSeconds(9), OnA, Message("a"));
        var batch = everything.Read(2, T0, OnA, Message("b", "c", "d"));
        var rest = everything.Read(3, T0.AddSeconds(1), OnA, Message("e"));

        var point = batch.PointAt(batch.Entries[1].Position); // the snapshot covers "b" and "c"
        var fromSnapshot = new NatsLogReader(point, "test");
        var replayed = fromSnapshot.Read(2, T0, OnA, Message("b", "c", "d")).Entries.Concat(fromSnapshot.Read(3, T0.AddSeconds(1), OnA, Message("e")).Entries);
        Assert.Equal(batch.Entries.Skip(2).Concat(rest.Entries), replayed);
    }

    [Fact]
    public void A_message_missing_from_the_stream_makes_the_log_unusable_rather_than_folding_past_it()
    {
        var reader = new NatsLogReader(NatsLogPoint.Start, "test");
        reader.Read(1, T0, OnA, Message("a"));
        var missing = Assert.Throws<LogUnusableException>(() => reader.Read(3, T0, OnA, Message("c")));
        Assert.Contains("2–2", missing.Message);
    }

    [Fact]
    public void A_message_delivered_again_and_an_empty_one_add_no_entries()
    {
        var reader = new NatsLogReader(NatsLogPoint.Start, "test");
        reader.Read(1, T0, OnA, Message("a"));
        Assert.Empty(reader.Read(1, T0, OnA, Message("a")).Entries);
        Assert.Empty(reader.Read(2, T0, OnA, []).Entries); // a settled run's id
        Assert.Equal(2L, Assert.Single(reader.Read(3, T0, OnA, Message("b")).Entries).Position);
    }

    [Theory]
    [InlineData("hello, not a run!")] // 17 bytes of anything
    [InlineData("\0\0\0\u0010{\"time\":\"x\"}")]
    public void A_message_that_is_not_a_run_is_one_unreadable_entry_at_its_position_and_reading_goes_on(string garbage)
    {
        var reader = new NatsLogReader(NatsLogPoint.Start, "test");
        reader.Read(1, T0, OnA, Message("a"));
        var bad = Assert.Single(reader.Read(2, T0, OnA, Encoding.UTF8.GetBytes(garbage)).Entries);
        Assert.Equal((2L, SkipReason.Unreadable), (bad.Position, Assert.IsType<Unreadable>(bad.Command).Why));
        Assert.Equal(3L, Assert.Single(reader.Read(3, T0, OnA, Message("b")).Entries).Position);
    }

    [Theory]
    [InlineData("{\"time\":\"2026-12-03T09:00:00+00:00\",\"from\":{\"node\":\"a\",\"number\":1},\"command\":{\"$c\":\"say\",\"text\":\"hi\"},\"extra\":1}")]
    [InlineData("{\"time\":\"2026-12-03T09:00:00+00:00\",\"from\":{\"node\":\"a\",\"number\":1},\"command\":{\"$c\":\"say\",\"text\":null}}")]
    [InlineData("{\"time\":\"2026-12-03T09:00:00+00:00\",\"from\":{\"node\":\"a\",\"number\":1},\"command\":{\"$c\":\"say\"}}")]
    [InlineData("{\"time\":\"2026-12-03T09:00:00+00:00\",\"from\":{\"node\":\"a\",\"number\":1},\"command\":{\"text\":\"hi\"}}")]
    [InlineData("{\"time\":\"2026-12-03T09:00:00+00:00\",\"from\":{\"node\":null,\"number\":1},\"command\":{\"$c\":\"say\",\"text\":\"hi\"}}")]
    [InlineData("{\"time\":\"2026-12-03T09:00:00+00:00\",\"from\":{\"node\":\"a\",\"number\":1},\"command\":{\"$c\":\"nuke\"}}")]
    public void An_entry_is_decoded_strictly_an_unknown_member_a_missing_or_null_value_or_kind_is_unreadable(string json)
    {
        var body = Encoding.UTF8.GetBytes(json);
        var message = new byte[4 + body.Length];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(message, body.Length);
        body.CopyTo(message, 4);
        var entry = Assert.Single(new NatsLogReader(NatsLogPoint.Start, "test").Read(1, T0, OnA, message).Entries);
        Assert.Equal(SkipReason.Unreadable, Assert.IsType<Unreadable>(entry.Command).Why);
    }

    [Fact]
    public void An_entry_in_the_name_of_another_node_than_the_subjects_is_skipped_in_its_place()
    {
        var reader = new NatsLogReader(NatsLogPoint.Start, "test");
        var copied = reader.Read(1, T0, "rxchat.log.intruder", Message("a", "b")).Entries; // node a's entries, re-published
        Assert.Equal([SkipReason.WrongSubject, SkipReason.WrongSubject], copied.Select(e => Assert.IsType<Unreadable>(e.Command).Why));
        Assert.Equal([1L, 2L], copied.Select(e => e.Position));
        Assert.Equal(SkipReason.WrongSubject, Assert.IsType<Unreadable>(Assert.Single(reader.Read(2, T0, "rxchat.log.a.b", Message("c")).Entries).Command).Why);
    }

    [Fact]
    public void With_the_clusters_nodes_named_a_message_from_any_other_node_is_skipped()
    {
        var reader = new NatsLogReader(NatsLogPoint.Start, "test", ["a", "b"]);
        Assert.IsType<Say>(Assert.Single(reader.Read(1, T0, OnA, Message("hi")).Entries).Command);
        var forged = Assert.Single(reader.Read(2, T0, "rxchat.log.c", RunOf("c", "hi")).Entries);
        Assert.Equal((2L, SkipReason.UnknownNode), (forged.Position, Assert.IsType<Unreadable>(forged.Command).Why));
    }

    private const string OnA = "rxchat.log.a";

    private static byte[] Message(params string[] said) => RunOf("a", said);

    private static byte[] RunOf(string node, params string[] said) =>
        NatsRunCodec.Encode([.. said.Select(text => new Stamped(new ConnectionId(node, 1), T0, new Say(text)))]).Single();
}
