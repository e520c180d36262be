namespace RxChat.Server.Core;

/// <summary>
/// The fold step of the chat: <c>Reduce(state, command) → state</c>. Pure — no I/O, no
/// clock, no randomness — so replaying the same commands always rebuilds the same chat.
/// Commands that only ask a question (<c>/users</c>, chat lines, …) return the state
/// unchanged; their answers are <see cref="Differ"/>'s business.
/// </summary>
public static class Reducer
{
    public static ChatState Reduce(ChatState state, Envelope envelope)
    {
        var id = envelope.From;
        return envelope.Command switch
        {
            Connected => state.Clients.ContainsKey(id)
                ? state
                : state with { Clients = state.Clients.Add(id, new Client(id)) },
            Login login => LogIn(state, id, login.Username),
            Join join => MoveTo(state, id, join.Room),
            Quit or Disconnected => Remove(state, id),
            ServerShutdown => ChatState.Create(state.Rules),
            _ => state,
        };
    }

    private static ChatState LogIn(ChatState state, ConnectionId id, string username)
    {
        var client = state.Find(id);
        if (client is null || client.IsLoggedIn) return state;
        // A refused name ends the connection: forget it now, the socket follows.
        if (state.Rules.WhyNotUsername(username, state) is not null) return Remove(state, id);
        return state with
        {
            Clients = state.Clients.SetItem(id, client with { Username = username }),
            Usernames = state.Usernames.Add(username, id),
        };
    }

    private static ChatState MoveTo(ChatState state, ConnectionId id, string roomName)
    {
        var client = state.Find(id);
        if (client is not { IsLoggedIn: true } || client.Room == roomName) return state;
        if (state.Rules.WhyNotRoomName(roomName) is not null) return state;

        var rooms = LeaveRoom(state, client).Rooms;
        var room = rooms.TryGetValue(roomName, out var existing) ? existing.With(id) : Room.Create(roomName, id);
        return state with
        {
            Clients = state.Clients.SetItem(id, client with { Room = roomName }),
            Rooms = rooms.SetItem(roomName, room),
        };
    }

    private static ChatState Remove(ChatState state, ConnectionId id)
    {
        var client = state.Find(id);
        if (client is null) return state;
        var left = LeaveRoom(state, client);
        return left with
        {
            Clients = left.Clients.Remove(id),
            Usernames = client.Username is null ? left.Usernames : left.Usernames.Remove(client.Username),
        };
    }

    /// <summary>Takes the client out of its room; the room vanishes when it empties.</summary>
    private static ChatState LeaveRoom(ChatState state, Client client)
    {
        var room = state.FindRoom(client.Room);
        if (room is null) return state;
        var remaining = room.Without(client.Id);
        return state with
        {
            Rooms = remaining.IsEmpty ? state.Rooms.Remove(room.Name) : state.Rooms.SetItem(room.Name, remaining),
        };
    }
}
