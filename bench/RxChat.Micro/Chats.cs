using RxChat.Server.Core;

namespace RxChat.Micro;

/// <summary>
/// Builds chat states the way the server does, by folding commands through the real
/// <see cref="Reducer"/>, so a benchmark starts from a state the server could be in.
/// </summary>
public static class Chats
{
    public static readonly DateTimeOffset Noon = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

    public static Envelope At(long sequence, Command command) => new(new ConnectionId(sequence), Noon, command);

    /// <summary><paramref name="users"/> logged-in users (ids 1..users), spread over
    /// <paramref name="rooms"/> rooms named room0…: user i is in room (i − 1) mod rooms.</summary>
    public static ChatState With(int users, int rooms = 1)
    {
        var state = ChatState.Empty;
        for (long id = 1; id <= users; id++)
        {
            state = Reducer.Reduce(state, At(id, Connected.Instance));
            state = Reducer.Reduce(state, At(id, new Login($"user{id}")));
            state = Reducer.Reduce(state, At(id, new Join($"room{(id - 1) % rooms}")));
        }
        return state;
    }
}
