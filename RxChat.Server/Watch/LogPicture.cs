using RxChat.Server.Core;

namespace RxChat.Server.Watch;

/// <summary>
/// The chat as a new viewer of <c>/log</c> first sees it: where this node's fold is, who is
/// connected and where, each room's members and leader, the nodes heard. The entries that
/// follow are drawn on top of it; those at or before <see cref="Position"/> are already in it.
/// </summary>
/// <param name="Node">The node serving the page.</param>
/// <param name="Position">The last entry this node folded.</param>
public sealed record LogPicture(string Node, long Position, IReadOnlyList<LaneNow> Lanes, IReadOnlyList<RoomNow> Rooms, IReadOnlyList<string> Nodes)
{
    public static LogPicture Of(string node, ChatState chat) => new(
        node,
        chat.Position,
        [.. chat.Users.Select(client => new LaneNow(LogMarbles.LaneOf(client.Id), client.Username, client.Room))],
        [.. chat.Rooms.Values.OrderBy(room => room.Name, StringComparer.Ordinal)
            .Select(room => new RoomNow(room.Name, chat.LeaderOf(room), [.. room.Members.Select(member => chat.NameOf(member.Id))]))],
        [.. chat.Liveness.HeardAt.Keys.Order(StringComparer.Ordinal)]);
}

/// <summary>A logged-in connection: its lane, its user, its room (if any).</summary>
public sealed record LaneNow(string Lane, string? User, string? Room);

/// <summary>A room: its leader and its members, earliest-connected first.</summary>
public sealed record RoomNow(string Name, string Leader, IReadOnlyList<string> Members);
