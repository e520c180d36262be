using System.Collections.Immutable;

namespace RxChat.Server.Core;

/// <summary>
/// The whole chat at one position of the log: immutable, so every step of the fold can be
/// kept, compared, snapshotted and handed to another thread.
/// </summary>
/// <param name="Position">The log position of the last entry folded in: the fold's version.</param>
/// <param name="Clients">Every connection the chat knows, on every node.</param>
/// <param name="Usernames">Logged-in names, case-insensitive, so "Bob" and "bob" cannot both exist.</param>
/// <param name="Rooms">Non-empty rooms by exact name; an empty room is removed at once.</param>
/// <param name="History">Chat lines kept per room, also while a room is empty.</param>
public sealed record ChatState(
    long Position,
    ImmutableDictionary<ConnectionId, Client> Clients,
    ImmutableDictionary<string, ConnectionId> Usernames,
    ImmutableDictionary<string, Room> Rooms,
    RoomHistories History,
    ChatRules Rules)
{
    public static readonly ChatState Empty = Create(ChatRules.Default);

    public static ChatState Create(ChatRules rules) => new(
        0,
        ImmutableDictionary<ConnectionId, Client>.Empty,
        ImmutableDictionary.Create<string, ConnectionId>(StringComparer.OrdinalIgnoreCase),
        ImmutableDictionary.Create<string, Room>(StringComparer.Ordinal),
        RoomHistories.Empty,
        rules);

    /// <summary>Registered usernames and their password hashes (PROTOCOL.md Part 3, accounts).</summary>
    public Accounts Accounts { get; init; } = Accounts.None;

    /// <summary>Who may not join which room yet, after a <c>/kick</c>.</summary>
    public Bans Bans { get; init; } = Bans.None;

    /// <summary>The nodes heard from, and when, in log time: how node loss is decided.</summary>
    public Liveness Liveness { get; init; } = Liveness.None;

    public Client? Find(ConnectionId id) => Clients.TryGetValue(id, out var client) ? client : null;

    public Room? FindRoom(string? name) => name is not null && Rooms.TryGetValue(name, out var room) ? room : null;

    /// <summary>The name of a member (a room member is always logged in).</summary>
    public string NameOf(ConnectionId id) => Clients[id].Username!;

    /// <summary>The logged-in client named <paramref name="user"/> (any case), if there is one.</summary>
    public Client? FindUser(string user) => Usernames.TryGetValue(user, out var id) ? Find(id) : null;

    /// <summary>The leader of <paramref name="room"/>, by name.</summary>
    public string LeaderOf(Room room) => NameOf(room.Leader);

    /// <summary>Logged-in users in connection order.</summary>
    public IEnumerable<Client> Users => Clients.Values.Where(c => c.IsLoggedIn).OrderBy(c => c.Since);
}
