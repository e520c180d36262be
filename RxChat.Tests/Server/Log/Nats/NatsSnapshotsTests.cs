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

    private static ChatSnapshot At(long position) => ChatSnapshot.Of(ChatState.Empty with { Position = position });

    private static NatsLogPoint Point(long position) => new(position, (ulong)position, 1, DateTimeOffset.UnixEpoch);
}
