using System.Collections.Immutable;
using RxChat.Server.Core;

namespace RxChat.Server.Log;

/// <summary>
/// The chat at one log position, as stored: the clients (rooms and leaders follow from
/// them) and each room's history. Loading it and folding the entries after
/// <see cref="Position"/> gives the same state as folding the whole log.
/// </summary>
/// <param name="Format">The snapshot layout, so a newer RxChat's snapshot is refused rather than misread.</param>
/// <param name="Accounts">Registered names and their password hashes (format 2; absent from format 1, which had none).</param>
public sealed record ChatSnapshot(int Format, long Position, IReadOnlyList<Client> Clients, IReadOnlyList<RoomHistorySnapshot> Histories,
    IReadOnlyList<Account>? Accounts = null)
{
    /// <summary>2: accounts. An older RxChat refuses it rather than start without them (and let anyone take a registered name).</summary>
    public const int CurrentFormat = 2;

    public static ChatSnapshot Of(ChatState state) => new(
        CurrentFormat,
        state.Version,
        [.. state.Clients.Values.OrderBy(c => c.Since)],
        [.. state.History.Rooms.OrderBy(r => r.Value.LastSeq).Select(r => new RoomHistorySnapshot(r.Key, [.. r.Value.Lines]))],
        [.. state.Accounts.ByUser.Values.OrderBy(a => a.Version)]);

    /// <summary>The state this snapshot describes, under today's <paramref name="rules"/> (smaller bounds trim the history).</summary>
    public ChatState ToState(ChatRules rules)
    {
        if (Format > CurrentFormat)
            throw new LogUnusableException($"snapshot format {Format} is newer than this RxChat understands ({CurrentFormat})");
        var state = ChatState.Create(rules);
        var clients = Clients.ToImmutableDictionary(c => c.Id);
        var usernames = state.Usernames.AddRange(Clients.Where(c => c.IsLoggedIn).Select(c => KeyValuePair.Create(c.Username!, c.Id)));
        var rooms = Clients
            .Where(c => c.Room is not null)
            .GroupBy(c => c.Room!)
            .ToImmutableDictionary(g => g.Key, g => new Room(g.Key, [.. g.Select(c => c.AsMember).Order()]), StringComparer.Ordinal);
        var histories = new RoomHistories(Histories.ToImmutableDictionary(
            h => h.Room,
            h => new RoomHistory(ImmutableQueue.CreateRange(h.Lines), h.Lines.Count, h.Lines.Count == 0 ? 0 : h.Lines[^1].At.Seq),
            StringComparer.Ordinal));
        return state with
        {
            Version = Position,
            Clients = clients,
            Usernames = usernames,
            Rooms = rooms,
            History = histories.Trim(rules.HistoryPerRoom, rules.HistoryRooms),
            Accounts = Core.Accounts.Of(Accounts ?? []),
        };
    }
}

/// <summary>One room's kept chat lines, oldest first.</summary>
public sealed record RoomHistorySnapshot(string Room, IReadOnlyList<Said> Lines);
