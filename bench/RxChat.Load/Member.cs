using System.Diagnostics;

namespace RxChat.Load;

/// <summary>What every receive loop of a fanout run adds to: shared, thread-safe.</summary>
public sealed class FanoutTally(Sender[] senders, Proto proto)
{
    public Sender[] Senders { get; } = senders;
    public Proto Proto { get; } = proto;
    public Histogram Latency { get; } = new();
    public long Malformed;
    public long Replies;
    public long Misattributed;
    public long Misordered;
    public long Foreign;
    /// <summary>Lines inside history frames (earlier chat sent on joining): expected, not measured.</summary>
    public long HistoryLines;
}

/// <summary>
/// One connection of a fanout room: it receives every other member's messages, checks
/// each line and measures its latency. Its receive loop is sequential, so its own counters
/// need no locks; the run sums them while polling.
/// </summary>
public sealed class Member(int room, int index, string name, IChatConnection connection, FanoutTally tally)
{
    private readonly int[] _lastSeq = new int[tally.Senders.Length];
    private static readonly double MicrosPerTick = 1_000_000.0 / Stopwatch.Frequency;

    public int Room { get; } = room;
    public int Index { get; } = index;
    public string Name { get; } = name;
    public IChatConnection Connection { get; } = connection;

    /// <summary>The room's witness (member 0, never a sender) paces the senders: a sender may
    /// have at most W messages that the witness has not yet received.</summary>
    public bool IsWitness => Index == 0;

    public long Delivered => Volatile.Read(ref _delivered);
    private long _delivered;
    public long LastDeliveryTicks => Volatile.Read(ref _lastDeliveryTicks);
    private long _lastDeliveryTicks;
    public bool Synced => Volatile.Read(ref _synced);
    private bool _synced;
    public bool Closed { get; private set; }
    private bool _inHistory; // between `--- N earlier messages … ---` and `--- end of history ---`

    public async Task ReceiveAsync(CancellationToken ct)
    {
        await Connection.ReadLinesAsync(OnLine, ct);
        Closed = !ct.IsCancellationRequested;
    }

    private void OnLine(ReadOnlySpan<byte> line)
    {
        ReadOnlySpan<byte> user = default, text = line;
        if (tally.Proto == Proto.RxChat)
        {
            var kind = Wire.Classify(line, out user, out text);
            if (_inHistory)
            {
                if (kind == LineKind.HistoryEnd) _inHistory = false;
                else Interlocked.Increment(ref tally.HistoryLines); // a replay of an earlier line (e.g. `sync`)
                return;
            }
            switch (kind)
            {
                case LineKind.HistoryStart: _inHistory = true; return;
                case LineKind.HistoryEnd: Interlocked.Increment(ref tally.Malformed); return; // an end without a start
                case LineKind.Notice: return; // joins of later members: expected, not measured
                case LineKind.Malformed: Interlocked.Increment(ref tally.Malformed); return;
                case LineKind.Reply: Interlocked.Increment(ref tally.Replies); return; // e.g. "Slow down"
            }
        }
        if (text.SequenceEqual(Wire.Sync)) { Volatile.Write(ref _synced, true); return; }

        if (!Wire.TryParsePayload(text, out var sender, out var seq, out var sentTicks))
        {
            Interlocked.Increment(ref tally.Malformed);
            return;
        }
        var now = Stopwatch.GetTimestamp();
        if ((uint)sender >= (uint)_lastSeq.Length || tally.Senders[sender].Room != Room)
        {
            Interlocked.Increment(ref tally.Foreign); // from another room: a routing error
            return;
        }
        var from = tally.Senders[sender];
        tally.Latency.Record((long)((now - sentTicks) * MicrosPerTick));
        if (tally.Proto == Proto.RxChat && !user.SequenceEqual(from.NameBytes))
            Interlocked.Increment(ref tally.Misattributed);
        if (seq != _lastSeq[sender] + 1) Interlocked.Increment(ref tally.Misordered);
        _lastSeq[sender] = seq;
        Volatile.Write(ref _delivered, _delivered + 1);
        Volatile.Write(ref _lastDeliveryTicks, now);
        if (IsWitness) from.Acknowledge();
    }
}
