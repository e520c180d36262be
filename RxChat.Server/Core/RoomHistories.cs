using System.Collections.Immutable;

namespace RxChat.Server.Core;

/// <summary>The chat lines kept for one room, oldest first.</summary>
public sealed record RoomHistory(ImmutableQueue<Said> Lines, int Count, long LastPosition)
{
    public static readonly RoomHistory Empty = new(ImmutableQueue<Said>.Empty, 0, 0);

    public RoomHistory Add(Said said, int max)
    {
        var lines = Lines.Enqueue(said);
        int count = Count + 1;
        for (; count > max; count--) lines = lines.Dequeue();
        return new(lines, count, said.At.Position);
    }
}

/// <summary>
/// The chat lines kept per room (PROTOCOL.md Part 3): the latest ones of each room, also
/// while the room is empty, for a bounded number of rooms. Immutable like the rest of the state.
/// </summary>
public sealed record RoomHistories(ImmutableDictionary<string, RoomHistory> Rooms)
{
    public static readonly RoomHistories Empty = new(ImmutableDictionary.Create<string, RoomHistory>(StringComparer.Ordinal));

    /// <summary>The latest <paramref name="count"/> lines of <paramref name="room"/>, oldest first.</summary>
    public IReadOnlyList<Said> Latest(string room, int count)
    {
        if (count <= 0 || !Rooms.TryGetValue(room, out var history)) return [];
        return history.Lines.Skip(Math.Max(0, history.Count - count)).ToArray();
    }

    /// <summary>
    /// The kept lines of <paramref name="room"/> after log position <paramref name="position"/>,
    /// oldest first, and whether they are all there were: true when the oldest kept line is at
    /// or before <paramref name="position"/>, or the room never had to drop a line (it keeps fewer
    /// than <paramref name="perRoom"/>). A room forgotten for being quiet starts afresh, so the
    /// answer is about the history kept since then.
    /// </summary>
    public (IReadOnlyList<Said> Lines, bool Complete) After(string room, long position, int perRoom)
    {
        if (perRoom <= 0) return ([], false); // nothing is kept: whatever was said is lost
        if (!Rooms.TryGetValue(room, out var history)) return ([], true);
        var lines = history.Lines.Where(said => said.At.Position > position).ToArray();
        bool complete = history.Count < perRoom || history.Lines.Peek().At.Position <= position;
        return (lines, complete);
    }

    /// <summary>
    /// Keeps <paramref name="said"/>; drops the room's oldest line past <paramref name="perRoom"/>,
    /// and the history of the room quiet the longest past <paramref name="rooms"/> rooms.
    /// </summary>
    public RoomHistories Add(Said said, int perRoom, int rooms)
    {
        if (perRoom <= 0 || rooms <= 0) return this;
        var history = (Rooms.TryGetValue(said.Room, out var existing) ? existing : RoomHistory.Empty).Add(said, perRoom);
        var next = new RoomHistories(Rooms.SetItem(said.Room, history));
        return next.Rooms.Count > rooms ? next.Forget(next.QuietestRoom()) : next;
    }

    /// <summary>Applies smaller bounds (after a configuration change, on loading a snapshot).</summary>
    public RoomHistories Trim(int perRoom, int rooms)
    {
        if (perRoom <= 0 || rooms <= 0) return Empty;
        var trimmed = this;
        foreach (var (room, history) in Rooms)
        {
            if (history.Count <= perRoom) continue;
            var lines = history.Lines;
            for (int i = history.Count; i > perRoom; i--) lines = lines.Dequeue();
            trimmed = new RoomHistories(trimmed.Rooms.SetItem(room, history with { Lines = lines, Count = perRoom }));
        }
        while (trimmed.Rooms.Count > rooms) trimmed = trimmed.Forget(trimmed.QuietestRoom());
        return trimmed;
    }

    private RoomHistories Forget(string room) => new(Rooms.Remove(room));

    /// <summary>The room whose latest line is oldest in the log (a scan, only when the bound is passed).</summary>
    private string QuietestRoom() => Rooms.MinBy(pair => pair.Value.LastPosition).Key;
}
