namespace RxChat.Server.Core;

public static partial class Chat
{
    /// <summary><c>/msg</c>: the sender and the one named are told, wherever they are (in a room or not, on any node).</summary>
    private static IReadOnlyList<ChatEvent> Tell(ChatState state, Stamp at, Client sender, Tell tell) =>
        state.FindUser(tell.User) is { } to
            ? [new Told(at, sender.Id, sender.Username!, to.Id, to.Username!, tell.Text)]
            : tell.Quietly ? Nothing : Answer(at, sender, new NoSuchUser(tell.User));

    /// <summary><c>/topic</c>: the topic of the asker's room.</summary>
    private static IReadOnlyList<ChatEvent> ShowTopic(ChatState state, Stamp at, Client asker) =>
        Answer(at, asker, state.FindRoom(asker.Room) is { } room ? new TopicOf(room.Name, room.Topic) : JoinARoomFirst.Instance);

    /// <summary><c>/topic {text}</c>: only the room's leader sets it, and the whole room is told.</summary>
    private static IReadOnlyList<ChatEvent> SetTopic(ChatState state, Stamp at, Client sender, string topic)
    {
        if (string.IsNullOrWhiteSpace(topic)) return ShowTopic(state, at, sender); // nothing to set (a line of control characters)
        if (LedRoom(state, at, sender, out var refused) is not { } room) return refused;
        return [new TopicSet(at, sender.Id, sender.Username!, room.Name, topic)];
    }

    /// <summary>
    /// <c>/kick {user} [reason]</c>: only the room's leader removes a member, who is then in no
    /// room and may not join it again for <see cref="ChatRules.KickFor"/>. A leader who removes
    /// themself hands the room on, as on any leave.
    /// </summary>
    private static IReadOnlyList<ChatEvent> Kick(ChatState state, Stamp at, Client sender, Kick kick)
    {
        if (LedRoom(state, at, sender, out var refused) is not { } room) return refused;
        if (state.FindUser(kick.User) is not { } target || target.Room != room.Name)
            return Answer(at, sender, new NotInRoom(kick.User, room.Name));

        var reason = string.IsNullOrWhiteSpace(kick.Reason) ? null : kick.Reason;
        var events = new Staged(state);
        events.Add(new Removed(at, target.Id, target.Username!, room.Name, sender.Username!, reason, at.Time + state.Rules.KickFor));
        AnnounceNewLeader(events, at, room);
        return events.All;
    }

    /// <summary>The room <paramref name="sender"/> leads; null, with the answer that says why not, when there is none.</summary>
    private static Room? LedRoom(ChatState state, Stamp at, Client sender, out IReadOnlyList<ChatEvent> refused)
    {
        refused = Nothing;
        if (state.FindRoom(sender.Room) is not { } room) refused = Answer(at, sender, JoinARoomFirst.Instance);
        else if (room.Leader != sender.Id) refused = Answer(at, sender, new OnlyTheLeader(room.Name));
        else return room;
        return null;
    }

    /// <summary>
    /// Why <paramref name="sender"/> may not join <paramref name="room"/> now, if it was removed
    /// from it lately: the seconds left, rounded up, counted from the entry's stamp (log time, so
    /// every node and every replay says the same).
    /// </summary>
    private static MayNotRejoinYet? StillBanned(ChatState state, Stamp at, Client sender, string room) =>
        state.Bans.Until(room, sender.Username!, at.Time) is { } until
            ? new MayNotRejoinYet(room, (long)Math.Ceiling((until - at.Time).TotalSeconds))
            : null;
}
