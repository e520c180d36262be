namespace RxChat.Server.Core;

public static partial class Chat
{
    /// <summary>
    /// <c>Evolve(state, event) → state</c>: what one event changes. Pure and total: it
    /// trusts <see cref="Decide"/>, which only decides events that apply, and it never
    /// decides anything itself. Events that only tell someone something change nothing.
    /// </summary>
    public static ChatState Evolve(ChatState state, ChatEvent e) => e switch
    {
        ClientConnected c => state with { Clients = state.Clients.Add(c.Who, new Client(c.Who, c.At.Position)) },
        LoggedIn login => state with
        {
            Clients = state.Clients.SetItem(login.Who, state.Clients[login.Who] with { Username = login.User }),
            Usernames = state.Usernames.Add(login.User, login.Who),
        },
        JoinedRoom joined => Enter(state, state.Clients[joined.Who], joined.Room),
        LeftRoom left => state.Find(left.Who) is { } client ? Exit(state, client) : state,
        Said said => state with
        {
            History = state.History.Add(said, HistoryBounds.Of(state.Rules)),
        },
        TopicSet set => state with { Rooms = state.Rooms.SetItem(set.Room, state.Rooms[set.Room] with { Topic = new Topic(set.Topic, set.User, set.At) }) },
        Removed removed => Exit(state, state.Clients[removed.Who]) with
        {
            Bans = state.Bans.With(new Ban(removed.Room, removed.User, removed.Until), removed.At.Time),
        },
        ClientGone gone => Forget(state, gone.Who),
        AccountCreated created => Evolve(state, created),
        PasswordChanged changed => Evolve(state, changed),
        AccountRemoved removed => state with { Accounts = state.Accounts.Without(removed.User) },
        NodeLost lost => state with { Liveness = state.Liveness.Forget(lost.Node) },
        _ => state,
    };

    private static ChatState Enter(ChatState state, Client client, string roomName)
    {
        var member = client.AsMember;
        var room = state.Rooms.TryGetValue(roomName, out var existing) ? existing.With(member) : Room.Create(roomName, member);
        return state with
        {
            Clients = state.Clients.SetItem(client.Id, client with { Room = roomName }),
            Rooms = state.Rooms.SetItem(roomName, room),
        };
    }

    /// <summary>Takes the client out of its room; the room vanishes when it empties.</summary>
    private static ChatState Exit(ChatState state, Client client)
    {
        var room = state.FindRoom(client.Room);
        if (room is null) return state;
        var remaining = room.Without(client.AsMember);
        return state with
        {
            Clients = state.Clients.SetItem(client.Id, client with { Room = null }),
            Rooms = remaining.IsEmpty ? state.Rooms.Remove(room.Name) : state.Rooms.SetItem(room.Name, remaining),
        };
    }

    private static ChatState Forget(ChatState state, ConnectionId id)
    {
        if (state.Find(id) is not { } client) return state;
        var left = Exit(state, client);
        return left with
        {
            Clients = left.Clients.Remove(id),
            Usernames = client.Username is null ? left.Usernames : left.Usernames.Remove(client.Username),
        };
    }
}
