using System.Collections;
using System.Collections.Immutable;

namespace RxChat.Server.Core;

/// <summary>
/// Who receives one event. Recipients are described, not copied: a broadcast to a room of
/// 2,000 holds a reference to the room's (immutable) member list and the one connection
/// to skip, so building it costs the same for any room size. They name connections on
/// every node; each node delivers to its own.
/// </summary>
public abstract class Recipients : IEnumerable<ConnectionId>
{
    public static Recipients Only(ConnectionId id) => new One(id);

    /// <summary>Every member of a room but <paramref name="except"/> (the sender gets no echo).</summary>
    public static Recipients RoomMembers(Room room, ConnectionId? except = null) => new Members(room.Members, except, room.Name);

    /// <summary>Every logged-in user but <paramref name="except"/>, whatever room they are in.</summary>
    public static Recipients AllUsers(ChatState state, ConnectionId except) => new Users(state.Clients, except);

    /// <summary>Every connection of one node, logged in or not.</summary>
    public static Recipients OfNode(ChatState state, string node) => new NodeClients(state.Clients, node);

    public abstract IEnumerator<ConnectionId> GetEnumerator();
    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public sealed class One(ConnectionId id) : Recipients
    {
        public ConnectionId Id { get; } = id;
        public override IEnumerator<ConnectionId> GetEnumerator() { yield return Id; }
    }

    public sealed class Members(ImmutableArray<Member> members, ConnectionId? except, string? room = null) : Recipients
    {
        /// <summary>The room, so a node can hand the line to the room's shared outbound stream once.</summary>
        public string? Room { get; } = room;

        /// <summary>The member who is not told (the sender).</summary>
        public ConnectionId? Except { get; } = except;

        public override IEnumerator<ConnectionId> GetEnumerator()
        {
            foreach (var member in members)
                if (member.Id != Except) yield return member.Id;
        }
    }

    public sealed class Users(ImmutableDictionary<ConnectionId, Client> clients, ConnectionId except) : Recipients
    {
        /// <summary>The user who is not told (the one the line is about).</summary>
        public ConnectionId Except { get; } = except;

        public override IEnumerator<ConnectionId> GetEnumerator()
        {
            foreach (var (id, client) in clients)
                if (client.IsLoggedIn && id != Except) yield return id;
        }
    }

    public sealed class NodeClients(ImmutableDictionary<ConnectionId, Client> clients, string node) : Recipients
    {
        public override IEnumerator<ConnectionId> GetEnumerator()
        {
            foreach (var id in clients.Keys)
                if (id.Node == node) yield return id;
        }
    }
}
