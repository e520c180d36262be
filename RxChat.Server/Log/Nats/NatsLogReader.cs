using System.Text.Json;
using RxChat.Server.Core;

namespace RxChat.Server.Log.Nats;

/// <summary>
/// Turns the stream's messages, in stream order, into the log's entries: positions counted
/// on from a <see cref="NatsLogPoint"/>, JetStream's time (<see cref="LogClock"/>). Each message
/// is one batch: the run one node appended. Pure bookkeeping, so every node reading the same
/// messages from the same point gets the same entries.
/// </summary>
/// <remarks>
/// A message is input, not trusted: anyone allowed to publish on a subject of the stream can
/// put anything there. A message that is not a run RxChat wrote, one on the subject of a node
/// that is not one of the cluster's, and an entry in the name of a node other than the one
/// whose subject it came on become <see cref="Unreadable"/> entries: each takes its position,
/// and the fold skips it (<see cref="EntryCheck"/>), on every node alike. Nothing read can stop
/// the node.
/// </remarks>
/// <param name="nodes">The cluster's nodes; empty: any node (whoever may publish on its subject).</param>
public sealed class NatsLogReader(NatsLogPoint from, string where, IReadOnlyCollection<string>? nodes = null)
{
    private readonly LogClock _clock = new(from.Time);
    private long _position = from.Position;
    private ulong _sequence; // the last message read

    /// <summary>
    /// A message's entries after the point read from; empty for a message with none (a settled
    /// run, see <see cref="NatsAppender"/>) or one read before.
    /// </summary>
    /// <param name="subject">The subject it was published on: <c>rxchat.log.{node}</c>, the only node whose entries it may hold.</param>
    /// <exception cref="LogUnusableException">A message is missing (purged before this node read it).</exception>
    public NatsBatch Read(ulong sequence, DateTimeOffset stored, string subject, ReadOnlySpan<byte> data)
    {
        if (sequence <= _sequence) return NatsBatch.Empty; // delivered again after a consumer reset
        ulong expected = _sequence == 0 ? from.ReadFrom : _sequence + 1;
        if (sequence != expected)
            throw new LogUnusableException($"{where}: log messages {expected}–{sequence - 1} are no longer kept; start again from the latest snapshot");
        _sequence = sequence;

        var stored_ = Entries(sequence, subject, data);
        int skip = sequence == from.Sequence ? from.Covered : 0;
        if (stored_.Count <= skip) return NatsBatch.Empty;

        var time = _clock.Read(stored);
        var entries = new LogEntry[stored_.Count - skip];
        for (int i = 0; i < entries.Length; i++)
        {
            var entry = stored_[skip + i];
            entries[i] = new LogEntry(++_position, time, entry.From, entry.Command);
        }
        return new NatsBatch(entries, sequence, skip);
    }

    /// <summary>The message's entries as the fold is to take them: as stored, or one <see cref="Unreadable"/> in place of each that may not be folded.</summary>
    private List<StoredEntry> Entries(ulong sequence, string subject, ReadOnlySpan<byte> data)
    {
        var node = NatsLogOptions.NodeOf(subject);
        if (node is null) return [Unreadable(node, SkipReason.WrongSubject, $"message {sequence} came on {subject}, no node's subject")];
        if (nodes is { Count: > 0 } && !nodes.Contains(node))
            return data.IsEmpty ? [] : [Unreadable(node, SkipReason.UnknownNode, $"message {sequence} came from {node}, not one of the cluster's nodes")];
        List<StoredEntry> decoded;
        try { decoded = NatsRunCodec.Decode(data); }
        catch (JsonException e) { return [Unreadable(node, SkipReason.Unreadable, $"message {sequence} from {node} is not an RxChat run ({e.Message})")]; }
        for (int i = 0; i < decoded.Count; i++)
            if (decoded[i].From.Node != node)
                decoded[i] = Unreadable(node, SkipReason.WrongSubject, $"message {sequence} from {node} holds an entry in the name of another node");
        return decoded;
    }

    private static StoredEntry Unreadable(string? node, SkipReason why, string detail) =>
        new(DateTimeOffset.MinValue, ConnectionId.NodeItself(node ?? ""), new Unreadable(why, detail));

    /// <summary>Where reading started.</summary>
    public NatsLogPoint From => from;

    /// <summary>The last message read (0: none yet).</summary>
    public ulong Sequence => _sequence;
}

/// <summary>The entries of one message, with where they came from, so a snapshot taken among them knows its <see cref="NatsLogPoint"/>.</summary>
/// <param name="Skipped">Entries of the message before <see cref="Entries"/> (already folded before the point read from).</param>
public sealed record NatsBatch(LogEntry[] Entries, ulong Sequence, int Skipped)
{
    public static readonly NatsBatch Empty = new([], 0, 0);

    /// <summary>The point just after <paramref name="position"/>, one of this batch's entries.</summary>
    public NatsLogPoint PointAt(long position)
    {
        int covered = Skipped + (int)(position - Entries[0].Position) + 1;
        return new NatsLogPoint(position, Sequence, covered, Entries[0].Time);
    }

    public bool Holds(long position) => Entries.Length > 0 && position >= Entries[0].Position && position <= Entries[^1].Position;
}
