using RxChat.Server.Core;

namespace RxChat.Tests.Support;

/// <summary>
/// The facts about the chat that no input may break: every room that exists has members,
/// its leader is its earliest-connected member (by log position), and every client is in at most one room —
/// the one its own record names.
/// </summary>
public static class ChatInvariants
{
    public static void Hold(ChatState state)
    {
        var roomOf = new Dictionary<ConnectionId, string>();
        foreach (var (name, room) in state.Rooms)
        {
            Assert.Equal(name, room.Name);
            Assert.False(room.IsEmpty, $"room {name} exists but is empty");
            foreach (var (since, member) in room.Members)
            {
                Assert.True(roomOf.TryAdd(member, name), $"{member} is in both {name} and {roomOf.GetValueOrDefault(member)}");
                var client = state.Find(member);
                Assert.True(client is { IsLoggedIn: true }, $"{member} in room {name} is not a logged-in client");
                Assert.Equal(name, client!.Room);
                Assert.Equal(client.Since, since);
            }
            var earliest = room.Members.MinBy(m => state.Clients[m.Id].Since).Id;
            Assert.Equal(earliest, room.Leader);
            Assert.Equal(state.Clients[earliest].Username, state.LeaderOf(room));
        }
        foreach (var client in state.Clients.Values)
        {
            if (client.Room is { } room)
                Assert.True(roomOf.GetValueOrDefault(client.Id) == room, $"{client.Id} says it is in {room} but is not a member");
            if (client.Username is { } name)
                Assert.Equal(client.Id, state.Usernames[name]);
        }
        Assert.Equal(state.Clients.Values.Count(c => c.IsLoggedIn), state.Usernames.Count);
    }
}
