using System.Text;
using System.Text.Json;
using RxChat.Server.Core;
using RxChat.Server.Log;
using RxChat.Server.Log.Nats;

namespace RxChat.Tests.Server.Log.Nats;

/// <summary>
/// The snapshot record is written around the snapshot's own bytes (written once) and judged by
/// its head when a node saves: the bytes are those the serializer writes for the whole record, so
/// records written before and after read alike, and a record that is not one is refused.
/// </summary>
public sealed class NatsSnapshotRecordTests
{
    private static readonly NatsLogPoint Point = new(21, 9, 3, LogSamples.Noon);

    [Fact]
    public void A_record_around_an_inline_snapshot_is_the_bytes_the_serializer_writes_and_reads_back_whole()
    {
        var snapshot = ChatSnapshot.Of(WithText("ça va? 世界 😀 \"quoted\" <b>"));
        var bytes = LogJson.Serialize(snapshot);
        var fingerprint = NatsSnapshotRecord.FingerprintOf(bytes);

        var written = NatsSnapshotRecord.Write(Point, bytes, null, fingerprint);

        var record = new NatsSnapshotRecord(Point, snapshot, null, fingerprint);
        Assert.Equal(JsonSerializer.SerializeToUtf8Bytes(record, NatsSnapshotJson.Writing.NatsSnapshotRecord), written);
        var back = JsonSerializer.Deserialize(written, NatsSnapshotJson.Default.NatsSnapshotRecord)!;
        Assert.Equal((Point, fingerprint), (back.Point, back.Fingerprint));
        Assert.Equal(bytes, LogJson.Serialize(back.Snapshot!));
        Assert.Equal(new NatsSnapshotHead(Point, null, fingerprint, InlineMatches: true), NatsSnapshotHead.Read(written));
    }

    [Fact]
    public void A_record_naming_a_large_object_is_the_bytes_the_serializer_writes()
    {
        var written = NatsSnapshotRecord.Write(Point, null, "snapshot-21", "ab12");

        Assert.Equal(JsonSerializer.SerializeToUtf8Bytes(new NatsSnapshotRecord(Point, null, "snapshot-21", "ab12"), NatsSnapshotJson.Writing.NatsSnapshotRecord), written);
        Assert.Equal(new NatsSnapshotHead(Point, "snapshot-21", "ab12", InlineMatches: true), NatsSnapshotHead.Read(written));
    }

    [Fact]
    public void An_inline_snapshot_changed_since_its_fingerprint_does_not_match_and_members_in_any_order_are_read()
    {
        var bytes = LogJson.Serialize(ChatSnapshot.Of(LogSamples.Conversation()));
        var fingerprint = NatsSnapshotRecord.FingerprintOf(bytes);
        var changed = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(NatsSnapshotRecord.Write(Point, bytes, null, fingerprint)).Replace("hi bob", "hi rob", StringComparison.Ordinal));

        Assert.False(NatsSnapshotHead.Read(changed).InlineMatches);
        var reordered = Encoding.UTF8.GetBytes($$$"""{"fingerprint":"{{{fingerprint}}}","extra":[1,{"a":2}],"snapshot":{{{Encoding.UTF8.GetString(bytes)}}},"point":{"position":21,"sequence":9,"covered":3,"time":"2025-03-14T12:00:00+00:00"}}""");
        Assert.Equal(new NatsSnapshotHead(Point, null, fingerprint, InlineMatches: true), NatsSnapshotHead.Read(reordered));
    }

    [Theory]
    [InlineData("not a record")]
    [InlineData("[]")]
    [InlineData("{\"fingerprint\":\"ab\"}")] // no point
    [InlineData("{\"point\":null,\"fingerprint\":\"ab\"}")]
    [InlineData("{\"point\":{\"position\":1,\"sequence\":1,\"covered\":1,\"time\":\"2025-03-14T12:00:00+00:00\"},\"snapshot\":{\"a\":")] // cut short
    public void What_is_not_a_record_is_refused_as_json(string json) =>
        Assert.ThrowsAny<JsonException>(() => NatsSnapshotHead.Read(Encoding.UTF8.GetBytes(json)));

    /// <summary>The sample conversation and one more line, in <paramref name="text"/>.</summary>
    private static ChatState WithText(string text)
    {
        var state = LogSamples.Conversation();
        var said = LogSamples.Stamp(new Say(text), LogSamples.Alice, 20);
        return global::RxChat.Server.Core.Chat.Step(state, StoredEntry.Of(said).At(state.Position + 1)).State;
    }
}
