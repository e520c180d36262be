using System.Text.Json;
using Microsoft.Extensions.Logging;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;
using NATS.Client.KeyValueStore;
using NATS.Client.ObjectStore;

namespace RxChat.Server.Log.Nats;

/// <summary>
/// Snapshots kept in JetStream, so a node joining late reads the newest snapshot and the
/// stream after it instead of the whole stream. One key of a key-value bucket holds the
/// newest (<see cref="NatsSnapshotRecord"/>); a snapshot over the inline limit goes to the
/// object store and the key names it. Several nodes save: each replaces the key only if it
/// is further along, with a compare-and-set on the key's revision, so a stale snapshot never
/// overwrites a newer one.
/// </summary>
/// <remarks>
/// Once a newer snapshot is in place, the stream is purged up to the message of the snapshot
/// it replaced, and never within <see cref="NatsLogOptions.KeptBehindSnapshot"/> messages of
/// the newest: what is purged is covered by the newest snapshot, and a node still reading
/// behind it has that much slack.
/// </remarks>
public sealed class NatsSnapshots(INatsJSContext js, INatsKVStore kv, INatsObjStore objects, NatsLogOptions options, ILogger logger)
{
    private const string Key = "latest";

    public static async Task<NatsSnapshots> OpenAsync(INatsJSContext js, NatsLogOptions options, ILogger logger, CancellationToken cancel)
    {
        var kv = await new NatsKVContext(js).CreateOrUpdateStoreAsync(
            new NatsKVConfig(options.SnapshotBucket) { NumberOfReplicas = options.Replicas, History = 1 }, cancel).ConfigureAwait(false);
        var objects = await new NatsObjContext(js).CreateObjectStoreAsync(
            new NatsObjConfig(options.LargeSnapshotBucket) { NumberOfReplicas = options.Replicas }, cancel).ConfigureAwait(false);
        return new NatsSnapshots(js, kv, objects, options, logger);
    }

    /// <summary>The newest snapshot and its point, or null when none was saved.</summary>
    public async Task<(NatsSnapshotRecord Record, ChatSnapshot Snapshot)?> LatestAsync(CancellationToken cancel)
    {
        var (record, _) = await ReadAsync(cancel).ConfigureAwait(false);
        if (record is null) return null;
        if (record.Snapshot is { } inline) return (record, inline);
        var bytes = await objects.GetBytesAsync(record.LargeObject!, cancel).ConfigureAwait(false);
        return (record, Deserialize(bytes));
    }

    /// <summary>Saves <paramref name="snapshot"/> unless a snapshot as far along is already kept; then purges what the replaced one covered.</summary>
    public async Task SaveAsync(ChatSnapshot snapshot, NatsLogPoint point, CancellationToken cancel)
    {
        var bytes = LogJson.Serialize(snapshot);
        string? large = null;
        NatsSnapshotRecord record;
        if (bytes.Length > options.LargestInlineSnapshot)
        {
            large = $"snapshot-{point.Position}";
            await objects.PutAsync(large, bytes, cancel).ConfigureAwait(false);
            record = new NatsSnapshotRecord(point, null, large);
        }
        else record = new NatsSnapshotRecord(point, snapshot, null);
        var value = JsonSerializer.SerializeToUtf8Bytes(record, NatsSnapshotJson.Writing.NatsSnapshotRecord);

        while (true)
        {
            var (kept, revision) = await ReadAsync(cancel).ConfigureAwait(false);
            if (kept is not null && kept.Point.Position >= point.Position)
            {
                if (large is not null) await DeleteQuietly(large, cancel).ConfigureAwait(false); // not needed after all
                return;
            }
            try
            {
                if (kept is null) await kv.CreateAsync(Key, value, cancellationToken: cancel).ConfigureAwait(false);
                else await kv.UpdateAsync(Key, value, revision, cancellationToken: cancel).ConfigureAwait(false);
            }
            catch (Exception e) when (e is NatsKVWrongLastRevisionException or NatsKVCreateException)
            {
                continue; // another node saved meanwhile: compare again
            }
            if (kept is null) return;
            if (kept.LargeObject is { } old) await DeleteQuietly(old, cancel).ConfigureAwait(false);
            ulong purgeBelow = Math.Min(kept.Point.Sequence, point.Sequence > options.KeptBehindSnapshot ? point.Sequence - options.KeptBehindSnapshot : 0);
            if (purgeBelow > 1)
                await js.PurgeStreamAsync(options.Stream, new StreamPurgeRequest { Seq = purgeBelow }, cancel).ConfigureAwait(false);
            return;
        }
    }

    private async Task<(NatsSnapshotRecord? Record, ulong Revision)> ReadAsync(CancellationToken cancel)
    {
        try
        {
            var entry = await kv.GetEntryAsync<byte[]>(Key, cancellationToken: cancel).ConfigureAwait(false);
            if (entry.Value is null) return (null, entry.Revision);
            var record = JsonSerializer.Deserialize(entry.Value, NatsSnapshotJson.Default.NatsSnapshotRecord)
                ?? throw new JsonException("empty snapshot record");
            return (record, entry.Revision);
        }
        catch (NatsKVKeyNotFoundException)
        {
            return (null, 0);
        }
        catch (NatsKVKeyDeletedException e)
        {
            return (null, e.Revision);
        }
        catch (JsonException e)
        {
            throw new LogUnusableException($"the chat's snapshot in NATS ({options.SnapshotBucket}) cannot be read ({e.Message})", e);
        }
    }

    private static ChatSnapshot Deserialize(byte[] bytes)
    {
        try { return LogJson.DeserializeSnapshot(bytes); }
        catch (JsonException e) { throw new LogUnusableException($"the chat's large snapshot in NATS cannot be read ({e.Message})", e); }
    }

    private async Task DeleteQuietly(string name, CancellationToken cancel)
    {
        try { await objects.DeleteAsync(name, cancel).ConfigureAwait(false); }
        catch (Exception e) when (e is NatsJSException or NatsObjException) { logger.LogWarning("Could not delete the old snapshot {Name}: {Error}", name, e.Message); }
    }
}
