using System.Collections.Immutable;

namespace RxChat.Server.Core;

/// <summary>
/// The whole chat at one point of the command stream: immutable, so every step of the
/// fold can be kept, compared and diffed.
/// </summary>
/// <param name="Clients">Every accepted connection, in accept order (which is also the order of <c>/users</c>).</param>
/// <param name="Usernames">Logged-in names, case-insensitive, so "Bob" and "bob" cannot both exist.</param>
/// <param name="Rooms">Non-empty rooms by exact name; an empty room is removed at once.</param>
public sealed record ChatState(
    ImmutableSortedDictionary<ConnectionId, Client> Clients,
    ImmutableDictionary<string, ConnectionId> Usernames,
    ImmutableDictionary<string, Room> Rooms,
    ChatRules Rules)
{
    public static readonly ChatState Empty = Create(ChatRules.Default);

    public static ChatState Create(ChatRules rules) => new(
        ImmutableSortedDictionary<ConnectionId, Client>.Empty,
        ImmutableDictionary.Create<string, ConnectionId>(StringComparer.OrdinalIgnoreCase),
        ImmutableDictionary.Create<string, Room>(StringComparer.Ordinal),
        rules);

    public Client? Find(ConnectionId id) => Clients.TryGetValue(id, out var client) ? client : null;

    public Room? FindRoom(string? name) => name is not null && Rooms.TryGetValue(name, out var room) ? room : null;

    /// <summary>The leader of <paramref name="room"/>, by name.</summary>
    public string LeaderOf(Room room) => Clients[room.Leader].Username!;

    /// <summary>Logged-in users in connection order.</summary>
    public IEnumerable<Client> Users => Clients.Values.Where(c => c.IsLoggedIn);
}
