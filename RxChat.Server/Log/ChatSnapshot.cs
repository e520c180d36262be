using System.Collections.Immutable;
using RxChat.Server.Core;

namespace RxChat.Server.Log;

/// <summary>
/// The chat at one log position, as stored: the clients (rooms and leaders follow from
/// them) and each room's history. Loading it and folding the entries after
/// <see cref="Position"/> gives the same state as folding the whole log.
/// </summary>
/// <param name="Format">The snapshot layout, so a newer RxChat's snapshot is refused rather than misread.</param>
/// <param name="Nodes">The nodes heard from (<see cref="Liveness"/>); absent in snapshots older than node loss, read as none heard.</param>
/// <param name="Accounts">Registered names and their password hashes (format 2; absent from format 1, which had none).</param>
/// <param name="Topics">The topics of rooms that have one (format 3; absent before, when no room had one), with who set them and when (format 4).</param>
/// <param name="Bans">Who may not join which room yet, after a removal (format 3; absent before, when nobody was removed).</param>
/// <param name="Rules">The <see cref="RulesVersion"/> the state was folded under; absent from snapshots older than the version, read as <see cref="RulesVersion.Unrecorded"/>.</param>
public sealed record ChatSnapshot(int Format, long Position, IReadOnlyList<Client> Clients, IReadOnlyList<RoomHistorySnapshot> Histories,
    NodesSnapshot? Nodes = null, IReadOnlyList<Account>? Accounts = null,
    IReadOnlyList<RoomTopic>? Topics = null, IReadOnlyList<Ban>? Bans = null, int Rules = RulesVersion.Unrecorded)
{
    /// <summary>
    /// 2: accounts. An older RxChat refuses it rather than start without them (and let anyone take a registered name).
    /// 3: topics and removals, which an older RxChat would silently drop (letting a removed user straight back in).
    /// 4: who set each topic and when (IRC's 333), which an older RxChat would silently drop.
    /// </summary>
    public const int CurrentFormat = 4;

    /// <summary>The state as stored, in an order that depends only on the state (so equal states give equal bytes).</summary>
    public static ChatSnapshot Of(ChatState state) => new(
        CurrentFormat,
        state.Position,
        [.. state.Clients.Values.OrderBy(c => c.Since)],
        [.. state.History.Rooms.OrderBy(r => r.Value.LastPosition).ThenBy(r => r.Key, StringComparer.Ordinal)
            .Select(r => new RoomHistorySnapshot(r.Key, [.. r.Value.Lines], r.Value.DroppedThrough))],
        NodesSnapshot.Of(state.Liveness),
        [.. state.Accounts.ByUser.Values.OrderBy(a => a.Version)],
        [.. state.Rooms.Values.Where(r => r.Topic is not null).OrderBy(r => r.Name, StringComparer.Ordinal).Select(r => RoomTopic.Of(r.Name, r.Topic!))],
        [.. state.Bans.All],
        RulesVersion.Current);

    /// <summary>The state this snapshot describes, under today's <paramref name="rules"/> (smaller bounds trim the history).</summary>
    /// <exception cref="UnknownRulesException">It was folded under rules this RxChat does not know (checked first: a newer format usually comes with them).</exception>
    public ChatState ToState(ChatRules rules)
    {
        if (!RulesVersion.Knows(Rules)) throw UnknownRulesException.Snapshot(Rules, Position);
        if (Format > CurrentFormat)
            throw new LogUnusableException($"snapshot format {Format} is newer than this RxChat understands ({CurrentFormat})");
        var state = ChatState.Create(rules);
        var clients = Clients.ToImmutableDictionary(c => c.Id);
        var topics = (Topics ?? []).ToDictionary(t => t.Room, t => t.ToTopic(), StringComparer.Ordinal);
        var usernames = state.Usernames.SetItems(Clients.Where(c => c.IsLoggedIn).Select(c => KeyValuePair.Create(c.Username!, c.Id)));
        var rooms = Clients
            .Where(c => c.Room is not null)
            .GroupBy(c => c.Room!)
            .ToImmutableDictionary(g => g.Key, g => new Room(g.Key, [.. g.Select(c => c.AsMember).Order()]) { Topic = topics.GetValueOrDefault(g.Key) }, StringComparer.Ordinal);
        var histories = RoomHistories.Of(Histories.Select(h => KeyValuePair.Create(h.Room, h.ToHistory(rules))));
        return state with
        {
            Position = Position,
            Clients = clients,
            Usernames = usernames,
            Rooms = rooms,
            History = histories.Trim(HistoryBounds.Of(rules)),
            Accounts = Core.Accounts.Of(Accounts ?? []),
            Liveness = Nodes?.ToLiveness() ?? Liveness.None,
            Bans = new Core.Bans([.. Bans ?? []]),
        };
    }
}

/// <summary>A room's topic (the room itself follows from its members).</summary>
/// <param name="SetBy">Who set it (format 4; absent before, read as unknown).</param>
/// <param name="At">The entry that set it (format 4; absent before, read as unknown).</param>
public sealed record RoomTopic(string Room, string Topic, string? SetBy = null, Stamp? At = null)
{
    public static RoomTopic Of(string room, Topic topic) => new(room, topic.Text, topic.SetBy, topic.At);

    public Topic ToTopic() => new(Topic, SetBy, At);
}

/// <summary>One room's kept chat lines, oldest first.</summary>
/// <param name="DroppedThrough">
/// The newest line it dropped (<see cref="RoomHistory.DroppedThrough"/>, 0: none, always written); absent
/// in snapshots older than bounds in bytes, which dropped lines only past the lines per room.
/// </param>
public sealed record RoomHistorySnapshot(string Room, IReadOnlyList<Said> Lines, long? DroppedThrough = null)
{
    /// <summary>
    /// The room's history again. An older snapshot did not say what was dropped; a room holding
    /// as many lines as it may keep is taken to have dropped the line before its oldest, as
    /// the rule of those versions (full means possibly incomplete) had it.
    /// </summary>
    public RoomHistory ToHistory(ChatRules rules) => RoomHistory.Of(Lines, DroppedThrough
        ?? (Lines.Count >= rules.HistoryPerRoom && Lines.Count > 0 ? Lines[0].At.Position - 1 : 0));
}

/// <summary>The <see cref="Liveness"/> of a snapshot: log time, the latest entry's time, and when each node was last heard (by name).</summary>
public sealed record NodesSnapshot(TimeSpan LogTime, DateTimeOffset? LatestEntry, IReadOnlyList<NodeHeard> Heard)
{
    public static NodesSnapshot Of(Liveness liveness) => new(
        liveness.LogTime,
        liveness.LatestEntry,
        [.. liveness.HeardAt.OrderBy(n => n.Key, StringComparer.Ordinal).Select(n => new NodeHeard(n.Key, n.Value))]);

    public Liveness ToLiveness() => new(
        LogTime,
        LatestEntry,
        Liveness.None.HeardAt.AddRange(Heard.Select(n => KeyValuePair.Create(n.Node, n.At))));
}

/// <summary>A node and the log time it was last heard from.</summary>
public sealed record NodeHeard(string Node, TimeSpan At);
