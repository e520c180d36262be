using Microsoft.Extensions.Logging.Abstractions;
using NATS.Client.Core;
using NATS.Client.JetStream;
using RxChat.Server.Core;
using RxChat.Server.Log;
using RxChat.Server.Log.Nats;
using RxChat.Tests.Support;

namespace RxChat.Tests.Server.Log.Nats;

/// <summary>Snapshots in JetStream, saved by several nodes at once: the newest wins, a stale one never overwrites it.</summary>
public sealed class NatsSnapshotsTests : IAsyncLifetime
{
    private NatsServer _nats = null!;
    private NatsConnection _connection = null!;

    public async Task InitializeAsync()
    {
        _nats = await NatsServer.StartAsync();
        _connection = new NatsConnection(new NatsOpts { Url = _nats.Url });
    }

    public async Task DisposeAsync()
    {
        await _connection.DisposeAsync();
        await _nats.DisposeAsync();
    }

    [Theory]
    [InlineData(900 * 1024)]
    [InlineData(0)] // every snapshot in the object store
    public async Task Of_snapshots_saved_out_of_order_by_several_nodes_the_furthest_along_is_kept(int largestInline)
    {
        var options = new NatsLogOptions([_nats.Url], "a") { LargestInlineSnapshot = largestInline };
        var js = new NatsJSContext(_connection);
        await js.CreateStreamAsync(new NATS.Client.JetStream.Models.StreamConfig(options.Stream, [options.Subject]));
        for (int i = 0; i < 50; i++) await js.PublishAsync(options.Subject, Array.Empty<byte>()); // a snapshot is taken within the stream
        var one = await NatsSnapshots.OpenAsync(js, options, NullLogger.Instance, default);
        var other = await NatsSnapshots.OpenAsync(js, options with { Node = "b" }, NullLogger.Instance, default);

        await one.SaveAsync(At(30), Point(30), default);
        await other.SaveAsync(At(20), Point(20), default); // a node behind: must not replace 30
        Assert.Equal(30, (await one.LatestAsync(default))!.Value.Snapshot.Position);

        var positions = Enumerable.Range(31, 20).OrderBy(p => (p * 7919) % 20).ToList(); // a shuffled, fixed order
        await Task.WhenAll(positions.Select((p, i) => (i % 2 == 0 ? one : other).SaveAsync(At(p), Point(p), default)));
        var latest = (await other.LatestAsync(default))!.Value;
        Assert.Equal((50L, 50L), (latest.Snapshot.Position, latest.Record.Point.Position));
    }

    [Fact]
    public async Task A_snapshot_tampered_with_or_beyond_the_stream_is_ignored_with_one_line_and_the_next_save_replaces_it()
    {
        var options = new NatsLogOptions([_nats.Url], "a");
        var js = new NatsJSContext(_connection);
        await js.CreateStreamAsync(new NATS.Client.JetStream.Models.StreamConfig(options.Stream, [options.Subject]));
        for (int i = 0; i < 10; i++) await js.PublishAsync(options.Subject, Array.Empty<byte>());
        var captured = new CapturedLog();
        var snapshots = await NatsSnapshots.OpenAsync(js, options, captured, default);
        await snapshots.SaveAsync(At(10), Point(10), default);
        Assert.NotNull(await snapshots.LatestAsync(default));

        var kv = await new NATS.Client.KeyValueStore.NatsKVContext(js).GetStoreAsync(options.SnapshotBucket);
        var saved = System.Text.Json.JsonSerializer.Deserialize((await kv.GetEntryAsync<byte[]>("latest")).Value, NatsSnapshotJson.Default.NatsSnapshotRecord)!;
        var content = saved with { Snapshot = saved.Snapshot! with { Position = 9 } }; // changed, its fingerprint not
        var beyond = At(1_000_000) is var huge ? new NatsSnapshotRecord(Point(1_000_000), huge, null, NatsSnapshotRecord.FingerprintOf(LogJson.Serialize(huge))) : null;
        foreach (var (forged, why) in new[] { (content, "fingerprint does not match"), (beyond!, "beyond the stream's last") })
        {
            await kv.PutAsync("latest", System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(forged, NatsSnapshotJson.Default.NatsSnapshotRecord));
            Assert.Null(await snapshots.LatestAsync(default));
            Assert.Equal(1, captured.Count(why));
        }
        await snapshots.SaveAsync(At(10), Point(10), default); // the forged huge position does not block saving
        Assert.Equal(10, (await snapshots.LatestAsync(default))!.Value.Snapshot.Position);

        await kv.PutAsync("latest", "not a record"u8.ToArray()); // nor does a record that is not one
        Assert.Null(await snapshots.LatestAsync(default));
        await snapshots.SaveAsync(At(10), Point(10), default);
        Assert.Equal(10, (await snapshots.LatestAsync(default))!.Value.Snapshot.Position);
    }

    private static ChatSnapshot At(long position) => ChatSnapshot.Of(ChatState.Empty with { Position = position });

    private static NatsLogPoint Point(long position) => new(position, (ulong)position, 1, DateTimeOffset.UnixEpoch);
}
