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

    /// <summary>
    /// The newest snapshot and its point, or null when none was saved, or when the one kept
    /// cannot be trusted (<see cref="WhyNotTrusted"/>): it is ignored, with one log line, and the
    /// node folds the stream instead. Whoever may write the bucket could have put it there.
    /// </summary>
    public async Task<(NatsSnapshotRecord Record, ChatSnapshot Snapshot)?> LatestAsync(CancellationToken cancel)
    {
        var (record, _) = await ReadAsync(ReadRecord, cancel).ConfigureAwait(false);
        if (record is null) return null;
        ChatSnapshot snapshot;
        try
        {
            snapshot = record.Snapshot ?? LogJson.DeserializeSnapshot(await objects.GetBytesAsync(record.LargeObject!, cancel).ConfigureAwait(false));
        }
        catch (Exception e) when (e is JsonException or NotSupportedException or NatsObjException or NatsJSException)
        {
            return Ignored(record, $"it cannot be read ({e.Message})");
        }
        if (await WhyNotTrusted(record, snapshot, cancel).ConfigureAwait(false) is { } why) return Ignored(record, why);
        return (record, snapshot);
    }

    /// <summary>Why the kept snapshot is not the one a node saved there, or null when it is.</summary>
    private async Task<string?> WhyNotTrusted(NatsSnapshotRecord record, ChatSnapshot snapshot, CancellationToken cancel)
    {
        if (record.Fingerprint is null) return "it has no fingerprint";
        if (NatsSnapshotRecord.FingerprintOf(LogJson.Serialize(snapshot)) != record.Fingerprint) return "its fingerprint does not match its content";
        if (snapshot.Position != record.Point.Position) return $"it says position {snapshot.Position}, its record {record.Point.Position}";
        ulong last = await LastSequenceAsync(cancel).ConfigureAwait(false);
        if (record.Point.Sequence > last) return $"it was taken at message {record.Point.Sequence}, beyond the stream's last ({last})";
        return null;
    }

    private (NatsSnapshotRecord, ChatSnapshot)? Ignored(NatsSnapshotRecord record, string why)
    {
        logger.LogWarning("The snapshot kept in NATS ({Bucket}) at log position {Position} is ignored: {Why}; the log is folded from the start",
            options.SnapshotBucket, record.Point.Position, why);
        return null;
    }

    private async Task<ulong> LastSequenceAsync(CancellationToken cancel) =>
        (await js.GetStreamAsync(options.Stream, cancellationToken: cancel).ConfigureAwait(false)).Info.State.LastSeq;

    /// <summary>
    /// Saves <paramref name="snapshot"/> unless a snapshot as far along is already kept; then purges what the replaced one covered.
    /// The snapshot is written down once, and the kept one is judged by its head (<see cref="NatsSnapshotHead"/>), not read.
    /// </summary>
    public async Task SaveAsync(ChatSnapshot snapshot, NatsLogPoint point, CancellationToken cancel)
    {
        var bytes = LogJson.Serialize(snapshot);
        var fingerprint = NatsSnapshotRecord.FingerprintOf(bytes);
        string? large = null;
        if (bytes.Length > options.LargestInlineSnapshot)
        {
            large = $"snapshot-{point.Position}";
            await objects.PutAsync(large, bytes, cancel).ConfigureAwait(false);
        }
        var value = NatsSnapshotRecord.Write(point, large is null ? bytes : null, large, fingerprint);

        while (true)
        {
            var (kept, revision) = await ReadAsync(json => NatsSnapshotHead.Read(json), cancel).ConfigureAwait(false);
            bool keptIsTrusted = kept is not null && await IsPlausible(kept, point, cancel).ConfigureAwait(false);
            if (keptIsTrusted && kept!.Point.Position >= point.Position)
            {
                if (large is not null) await DeleteQuietly(large, cancel).ConfigureAwait(false); // not needed after all
                return;
            }
            try
            {
                if (revision == 0) await kv.CreateAsync(Key, value, cancellationToken: cancel).ConfigureAwait(false);
                else await kv.UpdateAsync(Key, value, revision, cancellationToken: cancel).ConfigureAwait(false);
            }
            catch (Exception e) when (e is NatsKVWrongLastRevisionException or NatsKVCreateException)
            {
                continue; // another node saved meanwhile: compare again
            }
            if (kept is null || !keptIsTrusted) return; // nothing to purge after an untrusted one
            if (kept.LargeObject is { } old) await DeleteQuietly(old, cancel).ConfigureAwait(false);
            ulong purgeBelow = Math.Min(kept.Point.Sequence, point.Sequence > options.KeptBehindSnapshot ? point.Sequence - options.KeptBehindSnapshot : 0);
            if (purgeBelow > 1)
                await js.PurgeStreamAsync(options.Stream, new StreamPurgeRequest { Seq = purgeBelow }, cancel).ConfigureAwait(false);
            return;
        }
    }

    /// <summary>
    /// Whether the kept snapshot may stand against this node's, at <paramref name="ours"/>: it was
    /// taken within the stream, in step with it (further along in position only if further along
    /// in messages too), and an inline one is exactly what was fingerprinted. A forged snapshot claiming a
    /// huge position would otherwise block every later save, and the stream would never be purged.
    /// </summary>
    private async Task<bool> IsPlausible(NatsSnapshotHead kept, NatsLogPoint ours, CancellationToken cancel)
    {
        if (kept.Fingerprint is null || !kept.InlineMatches) return false;
        if (kept.Point.Position > ours.Position && kept.Point.Sequence < ours.Sequence) return false;
        return kept.Point.Sequence <= await LastSequenceAsync(cancel).ConfigureAwait(false);
    }

    /// <summary>The kept record as <paramref name="parse"/> reads it, and its revision; null when there is none or it is not a record a node wrote.</summary>
    private async Task<(T? Record, ulong Revision)> ReadAsync<T>(Func<byte[], T> parse, CancellationToken cancel) where T : class
    {
        ulong entryRevision = 0;
        try
        {
            var entry = await kv.GetEntryAsync<byte[]>(Key, cancellationToken: cancel).ConfigureAwait(false);
            entryRevision = entry.Revision;
            if (entry.Value is null) return (null, entry.Revision);
            return (parse(entry.Value), entry.Revision);
        }
        catch (NatsKVKeyNotFoundException)
        {
            return (null, 0);
        }
        catch (NatsKVKeyDeletedException e)
        {
            return (null, e.Revision);
        }
        catch (Exception e) when (e is JsonException or NotSupportedException)
        {
            // Not a record a node wrote: as if none were kept, so the next save replaces it.
            logger.LogWarning("The snapshot record kept in NATS ({Bucket}) is ignored: it cannot be read ({Error})", options.SnapshotBucket, e.Message);
            return (null, entryRevision);
        }
    }

    private static NatsSnapshotRecord ReadRecord(byte[] json) =>
        JsonSerializer.Deserialize(json, NatsSnapshotJson.Default.NatsSnapshotRecord) ?? throw new JsonException("empty snapshot record");

    private async Task DeleteQuietly(string name, CancellationToken cancel)
    {
        try { await objects.DeleteAsync(name, cancel).ConfigureAwait(false); }
        catch (Exception e) when (e is NatsJSException or NatsObjException) { logger.LogWarning("Could not delete the old snapshot {Name}: {Error}", name, e.Message); }
    }
}
