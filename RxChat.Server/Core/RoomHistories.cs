using System.Collections.Immutable;
using System.Text;

namespace RxChat.Server.Core;

/// <summary>
/// How much history may be kept: lines and bytes per room, rooms, and bytes in all. The bytes
/// of a line are <see cref="HistoryBounds.Weight"/>; bounding them keeps the snapshot (which
/// holds every kept line) under a size docs/operations.md works out from the defaults.
/// </summary>
public readonly record struct HistoryBounds(int PerRoom, int Rooms, long PerRoomBytes, long TotalBytes)
{
    public static HistoryBounds Of(ChatRules rules) =>
        new(rules.HistoryPerRoom, rules.HistoryRooms, rules.HistoryPerRoomBytes, rules.HistoryTotalBytes);

    /// <summary>Nothing can be kept: whatever is said is lost.</summary>
    public bool KeepsNothing => PerRoom <= 0 || Rooms <= 0 || PerRoomBytes <= 0 || TotalBytes <= 0;

    /// <summary>
    /// What a kept line weighs: the UTF-8 bytes of its text, its user's name and its room's
    /// name — what it adds to a snapshot beyond a fixed overhead. Counted from the line itself,
    /// so every node (and every replay) weighs it alike.
    /// </summary>
    public static long Weight(Said said) =>
        Encoding.UTF8.GetByteCount(said.Text) + Encoding.UTF8.GetByteCount(said.User) + Encoding.UTF8.GetByteCount(said.Room);

    /// <summary>One room may never hold more than all rooms together.</summary>
    internal long RoomBytes => Math.Min(PerRoomBytes, TotalBytes);
}

/// <summary>
/// The chat lines kept for one room, oldest first, with their weight in bytes and the
/// position of the newest line it ever dropped (0: none), which says whether it still holds
/// everything after a given position.
/// </summary>
public sealed record RoomHistory(ImmutableQueue<Said> Lines, int Count, long LastPosition)
{
    public static readonly RoomHistory Empty = new(ImmutableQueue<Said>.Empty, 0, 0);

    /// <summary>The lines' weight together (<see cref="HistoryBounds.Weight"/>).</summary>
    public long Bytes { get; init; }

    /// <summary>The log position of the newest line dropped to stay within the bounds; 0 when none was.</summary>
    public long DroppedThrough { get; init; }

    /// <summary>A room's lines as loaded (a snapshot), weighed again.</summary>
    public static RoomHistory Of(IReadOnlyList<Said> lines, long droppedThrough) =>
        new(ImmutableQueue.CreateRange(lines), lines.Count, lines.Count == 0 ? 0 : lines[^1].At.Position)
        {
            Bytes = lines.Sum(HistoryBounds.Weight),
            DroppedThrough = droppedThrough,
        };

    public RoomHistory Add(Said said, HistoryBounds bounds) =>
        new RoomHistory(Lines.Enqueue(said), Count + 1, said.At.Position)
        {
            Bytes = Bytes + HistoryBounds.Weight(said),
            DroppedThrough = DroppedThrough,
        }.Within(bounds);

    /// <summary>Drops the oldest lines while there are more than the room may keep, in lines or in bytes.</summary>
    public RoomHistory Within(HistoryBounds bounds)
    {
        var history = this;
        while (history.Count > 0 && (history.Count > bounds.PerRoom || history.Bytes > bounds.RoomBytes))
        {
            var lines = history.Lines.Dequeue(out var oldest);
            history = history with
            {
                Lines = lines,
                Count = history.Count - 1,
                Bytes = history.Bytes - HistoryBounds.Weight(oldest),
                DroppedThrough = oldest.At.Position,
            };
        }
        return history;
    }
}

/// <summary>
/// The chat lines kept per room (PROTOCOL.md Part 3): the latest ones of each room, also
/// while the room is empty, for a bounded number of rooms and bytes. Immutable like the rest
/// of the state, and folded from the log alike on every node.
/// </summary>
public sealed record RoomHistories(ImmutableDictionary<string, RoomHistory> Rooms)
{
    public static readonly RoomHistories Empty = new(ImmutableDictionary.Create<string, RoomHistory>(StringComparer.Ordinal));

    /// <summary>The weight of every kept line together (<see cref="HistoryBounds.Weight"/>).</summary>
    public long Bytes { get; init; }

    /// <summary>Kept histories as loaded (a snapshot): their bytes are counted again.</summary>
    public static RoomHistories Of(IEnumerable<KeyValuePair<string, RoomHistory>> rooms)
    {
        var dictionary = ImmutableDictionary.CreateRange(StringComparer.Ordinal, rooms);
        return new(dictionary) { Bytes = dictionary.Values.Sum(h => h.Bytes) };
    }

    /// <summary>The latest <paramref name="count"/> lines of <paramref name="room"/>, oldest first.</summary>
    public IReadOnlyList<Said> Latest(string room, int count)
    {
        if (count <= 0 || !Rooms.TryGetValue(room, out var history)) return [];
        return history.Lines.Skip(Math.Max(0, history.Count - count)).ToArray();
    }

    /// <summary>
    /// The kept lines of <paramref name="room"/> after log position <paramref name="position"/>,
    /// oldest first, and whether they are all there were: true unless a line after
    /// <paramref name="position"/> was dropped to stay within the bounds (of lines or of bytes).
    /// A room forgotten for being quiet starts afresh, so the answer is about the history kept
    /// since then.
    /// </summary>
    public (IReadOnlyList<Said> Lines, bool Complete) After(string room, long position, HistoryBounds bounds)
    {
        if (bounds.KeepsNothing) return ([], false); // nothing is kept: whatever was said is lost
        if (!Rooms.TryGetValue(room, out var history)) return ([], true);
        var lines = history.Lines.Where(said => said.At.Position > position).ToArray();
        return (lines, history.DroppedThrough <= position);
    }

    /// <summary>
    /// Keeps <paramref name="said"/>; drops the room's oldest lines past its bounds, and the
    /// history of the room quiet the longest while there are too many rooms or bytes.
    /// </summary>
    public RoomHistories Add(Said said, HistoryBounds bounds)
    {
        if (bounds.KeepsNothing) return this;
        var before = Rooms.TryGetValue(said.Room, out var existing) ? existing : RoomHistory.Empty;
        var history = before.Add(said, bounds);
        var next = new RoomHistories(Rooms.SetItem(said.Room, history)) { Bytes = Bytes - before.Bytes + history.Bytes };
        return next.WithinRoomsAndBytes(bounds);
    }

    /// <summary>Applies smaller bounds (after a configuration change, on loading a snapshot).</summary>
    public RoomHistories Trim(HistoryBounds bounds)
    {
        if (bounds.KeepsNothing) return Empty;
        var trimmed = this;
        foreach (var (room, history) in Rooms)
        {
            var within = history.Within(bounds);
            if (within.Count == history.Count) continue;
            trimmed = new RoomHistories(trimmed.Rooms.SetItem(room, within)) { Bytes = trimmed.Bytes - history.Bytes + within.Bytes };
        }
        return trimmed.WithinRoomsAndBytes(bounds);
    }

    /// <summary>
    /// Forgets the rooms quiet the longest while there are too many, or their lines weigh too
    /// much together. The room just spoken in is the newest, and weighs no more than the total
    /// (<see cref="HistoryBounds.RoomBytes"/>), so it is never the one forgotten.
    /// </summary>
    private RoomHistories WithinRoomsAndBytes(HistoryBounds bounds)
    {
        var kept = this;
        while (kept.Rooms.Count > bounds.Rooms || (kept.Bytes > bounds.TotalBytes && kept.Rooms.Count > 1))
            kept = kept.Forget(kept.QuietestRoom());
        return kept;
    }

    private RoomHistories Forget(string room) => new(Rooms.Remove(room)) { Bytes = Bytes - Rooms[room].Bytes };

    /// <summary>The room whose latest line is oldest in the log (a scan, only when a bound is passed).</summary>
    private string QuietestRoom() => Rooms.MinBy(pair => pair.Value.LastPosition).Key;
}
