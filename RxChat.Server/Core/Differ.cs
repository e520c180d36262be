namespace RxChat.Server.Core;

/// <summary>
/// <c>Diff(before, after, command) → outbound</c>: what each person is told about one
/// step of the chat. Pure, like <see cref="Reducer"/>; the transport only carries out
/// the result. A command from a connection the chat no longer knows (lines pipelined
/// after a refused login or a <c>quit</c>) is answered with nothing.
/// </summary>
public static class Differ
{
    private static readonly IReadOnlyList<Outbound> Nothing = [];

    public static IReadOnlyList<Outbound> Diff(ChatState before, ChatState after, Envelope envelope)
    {
        var id = envelope.From;
        if (envelope.Command is Login login) return LogIn(before, after, id, login.Username);
        if (envelope.Command is ServerShutdown) return ShutDown(before);

        var sender = before.Find(id);
        if (sender is null) return Nothing;
        if (envelope.Command is Refused refused) return Reply(id, refused.Reason);
        if (!sender.IsLoggedIn) return Nothing;

        return envelope.Command switch
        {
            Join join => MoveTo(before, after, sender, join.Room, envelope.Clock),
            JoinWithoutRoom => Reply(id, Replies.JoinUsage),
            Say say => Say(before, sender, say.Text, envelope.Clock),
            ListUsers => Reply(id, Replies.Users(before.Users.Select(u => u.Username!))),
            WhichRoom => Reply(id, sender.Room is { } room ? Replies.InRoom(room) : Replies.NotInAnyRoom),
            WhoLeads => Reply(id, before.FindRoom(sender.Room) is { } room
                ? Replies.LeaderOf(room.Name, before.LeaderOf(room))
                : Replies.NoLeader),
            UnknownCommand => Reply(id, Replies.UnknownCommand),
            Quit => [.. LeftRoom(after, sender, envelope.Clock), new Hangup(id)],
            Disconnected => LeftRoom(after, sender, envelope.Clock),
            _ => Nothing,
        };
    }

    private static IReadOnlyList<Outbound> LogIn(ChatState before, ChatState after, ConnectionId id, string username)
    {
        if (before.Find(id) is not { IsLoggedIn: false }) return Nothing;
        if (after.Find(id) is { IsLoggedIn: true }) return Reply(id, Replies.Welcome);
        var why = before.Rules.WhyNotUsername(username, before)!;
        return [new Deliver(Recipients.Only(id), why), new Hangup(id)];
    }

    private static IReadOnlyList<Outbound> MoveTo(ChatState before, ChatState after, Client sender, string room, DateTimeOffset clock)
    {
        if (sender.Room == room) return Reply(sender.Id, Replies.AlreadyInRoom(room));
        if (before.Rules.WhyNotRoomName(room) is { } why) return Reply(sender.Id, why);

        var joined = after.Rooms[room];
        var outbound = new List<Outbound>(3);
        outbound.AddRange(LeftRoom(after, sender, clock));
        outbound.Add(new Deliver(Recipients.Only(sender.Id), Replies.JoinedRoom(room)));
        if (joined.Members.Length > 1)
            outbound.Add(new Deliver(Recipients.RoomMembers(joined, sender.Id), Replies.Joined(clock, sender.Username!)));
        return outbound;
    }

    private static IReadOnlyList<Outbound> Say(ChatState state, Client sender, string text, DateTimeOffset clock)
    {
        var room = state.FindRoom(sender.Room);
        if (room is null) return Reply(sender.Id, Replies.JoinARoomFirst);
        if (room.Members.Length == 1) return Nothing;
        return [new Deliver(Recipients.RoomMembers(room, sender.Id), Replies.Chat(clock, sender.Username!, text))];
    }

    /// <summary>"left the room" goes to every other user, in any room, as in the original.</summary>
    private static IReadOnlyList<Outbound> LeftRoom(ChatState after, Client leaver, DateTimeOffset clock) =>
        leaver.Room is null
            ? Nothing
            : [new Deliver(Recipients.AllUsers(after, leaver.Id), Replies.Left(clock, leaver.Username!, leaver.Room))];

    private static IReadOnlyList<Outbound> ShutDown(ChatState before) =>
        [new Deliver(Recipients.Everyone(before), Replies.ShuttingDown), .. before.Clients.Keys.Select(id => new Hangup(id))];

    private static IReadOnlyList<Outbound> Reply(ConnectionId to, string line) => [new Deliver(Recipients.Only(to), line)];
}
