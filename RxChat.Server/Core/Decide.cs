namespace RxChat.Server.Core;

/// <summary>The chat as a decider: commands in, events out, state as a left fold of events.</summary>
public static partial class Chat
{
    private static readonly IReadOnlyList<ChatEvent> Nothing = [];

    /// <summary>
    /// <c>Decide(state, entry) → events</c>: everything one command makes happen, decided
    /// once, here. Pure — no I/O, no clock, no wording — so replaying the log decides the
    /// same events again. Where one event changes what the next should say (who leads once
    /// someone left), the decision is staged through <see cref="Evolve"/>. A command from a
    /// connection the chat no longer knows (lines pipelined after a refused login or a
    /// <c>quit</c>) decides nothing.
    /// </summary>
    public static IReadOnlyList<ChatEvent> Decide(ChatState state, LogEntry entry)
    {
        var lost = LostNodes(state, entry);
        if (lost.Count == 0) return DecideCommand(state, entry);

        // Nodes found lost at this entry go first: the command is then decided without them.
        var events = new Staged(state);
        foreach (var node in lost) RemoveNode(events, entry.Stamp, node, new NodeLost(entry.Stamp, node), "its node was lost");
        foreach (var e in DecideCommand(events.State, entry)) events.Add(e);
        return events.All;
    }

    /// <summary>What the entry's command makes happen (node losses aside).</summary>
    private static IReadOnlyList<ChatEvent> DecideCommand(ChatState state, LogEntry entry)
    {
        var at = entry.Stamp;
        var id = entry.From;
        switch (entry.Command)
        {
            case Connected:
                return state.Clients.ContainsKey(id) ? Nothing : [new ClientConnected(at, id)];
            case NodeStarted:
                return RemoveNode(state, at, id.Node, toldFirst: null, "its node restarted");
            case NodeStopping:
                return RemoveNode(state, at, id.Node, new NodeShuttingDown(at, id.Node), "server shutting down");
            case NodeHeartbeat:
                return Nothing; // heard (see Settle); it asks for nothing
            case AddAccount add:
                return SetAccount(state, at, id, add);
            case RemoveAccount remove:
                return state.Accounts.Find(remove.Username) is { } removed ? [new AccountRemoved(at, removed.User)] : Nothing;
        }

        var sender = state.Find(id);
        if (sender is null) return Nothing;
        switch (entry.Command)
        {
            case Login login: return sender.IsLoggedIn ? Nothing : LogIn(state, at, sender, login.Username, login.Account);
            case AskPassword ask: return sender.IsLoggedIn ? Nothing : AskForPassword(state, at, sender, ask);
            case WrongPassword wrong: return sender.IsLoggedIn ? Nothing : RefuseLogin(state, at, sender, wrong.Username, NameProblem.WrongPassword);
            case RefuseLine refuse: return [new LineRefused(at, id, refuse.Why)];
            case Quit: return Leave(state, at, sender, "quit");
            case Disconnected gone: return Leave(state, at, sender, gone.Reason);
        }
        if (!sender.IsLoggedIn) return Nothing;

        return entry.Command switch
        {
            Join join => MoveTo(state, at, sender, join.Room),
            Say { Room: { } room } say when room != sender.Room => say.Quietly ? Nothing : Answer(at, sender, new NotInThatRoom(room, Saying: true)),
            Say say => Say(state, at, sender, say.Text),
            ExitRoom { Room: { } room } when room != sender.Room => Answer(at, sender, new NotInThatRoom(room, Saying: false)),
            ExitRoom => sender.Room is null ? Answer(at, sender, JoinARoomFirst.Instance) : StayInChat(state, at, sender),
            Act act => Say(state, at, sender, act.Action, action: true),
            Tell tell => Tell(state, at, sender, tell),
            Core.ShowTopic { Room: { } room } when room != sender.Room => Answer(at, sender, new NotInThatRoom(room, Saying: false)),
            SetTopic { Room: { } room } when room != sender.Room => Answer(at, sender, new NotInThatRoom(room, Saying: false)),
            Kick { Room: { } room } when room != sender.Room => Answer(at, sender, new NotInThatRoom(room, Saying: false)),
            Core.ShowTopic => ShowTopic(state, at, sender),
            SetTopic set => SetTopic(state, at, sender, set.Topic),
            Kick kick => Kick(state, at, sender, kick),
            Misused misused => Answer(at, sender, new Usage(misused.Command)),
            ListUsers => Answer(at, sender, new UserList([.. state.Users.Select(u => u.Username!)])),
            WhichRoom => Answer(at, sender, new CurrentRoom(sender.Room)),
            WhoLeads => Answer(at, sender, state.FindRoom(sender.Room) is { } room
                ? new RoomLeader(room.Name, state.LeaderOf(room))
                : new RoomLeader(null, null)),
            ListRooms => Answer(at, sender, RoomList.Of(state.Rooms.Values, state.Rules.RoomsListed)),
            WhoIsHere who => Answer(at, sender, state.FindRoom(sender.Room) is { } room
                ? new RoomMembers(room.Name, [.. room.Members.Select(m => state.NameOf(m.Id))], state.LeaderOf(room), who.Detailed)
                : JoinARoomFirst.Instance),
            ShowHistory show => Answer(at, sender, sender.Room is { } room
                ? new HistoryLines(room, state.History.Latest(room, show.Count ?? state.Rules.HistoryOnJoin))
                : JoinARoomFirst.Instance),
            Resume resume => Answer(at, sender, sender.Room is { } room
                ? Missed(state, room, resume.After)
                : JoinARoomFirst.Instance),
            Help => Answer(at, sender, CommandList.Instance),
            UnknownCommand => Answer(at, sender, NotACommand.Instance),
            Register register => Register(state, at, sender, register),
            ChangePassword change => ChangePassword(state, at, sender, change),
            _ => Nothing,
        };
    }

    /// <param name="proof">The account version the edge found the password right for, if the name asked for one.</param>
    private static IReadOnlyList<ChatEvent> LogIn(ChatState state, Stamp at, Client sender, string username, long? proof)
    {
        var problem = state.Rules.WhyNotUsername(username, state) ?? WhyNotAccount(state, username, proof);
        return problem is { } refused ? RefuseLogin(state, at, sender, username, refused) : [new LoggedIn(at, sender.Id, username)];
    }

    /// <summary>A refused login ends the connection: the chat forgets it now, the socket follows.</summary>
    private static IReadOnlyList<ChatEvent> RefuseLogin(ChatState state, Stamp at, Client sender, string username, NameProblem problem) =>
        [new LoginRefused(at, sender.Id, username, problem, state.Rules.MaxUsernameLength),
         new ClientGone(at, sender.Id, problem == NameProblem.WrongPassword ? "wrong password" : "username refused")];

    private static IReadOnlyList<ChatEvent> MoveTo(ChatState state, Stamp at, Client sender, string room)
    {
        if (sender.Room == room) return Answer(at, sender, new AlreadyInRoom(room));
        if (state.Rules.WhyNotRoomName(room) is { } problem)
            return Answer(at, sender, new RoomNameRefused(room, problem, state.Rules.MaxRoomNameLength));
        if (StillBanned(state, at, sender, room) is { } banned) return Answer(at, sender, banned);

        var events = new Staged(state);
        LeaveRoom(events, at, sender);
        var joining = state.FindRoom(room);
        events.Add(new JoinedRoom(at, sender.Id, sender.Username!, room));
        if (joining?.Topic is { } topic) events.Add(new Answered(at, sender.Id, new TopicOf(room, topic, OnJoin: true)));
        var history = state.History.Latest(room, state.Rules.HistoryOnJoin);
        if (history.Count > 0) events.Add(new Answered(at, sender.Id, new HistoryLines(room, history)));
        if (joining is not null && joining.Leader != events.State.Rooms[room].Leader)
            events.Add(new LeaderChanged(at, room, sender.Id, sender.Username!, Former: state.NameOf(joining.Leader)));
        return events.All;
    }

    private static IReadOnlyList<ChatEvent> Say(ChatState state, Stamp at, Client sender, string text, bool action = false) =>
        sender.Room is { } room
            ? [new Said(at, sender.Id, sender.Username!, room, text, action)]
            : Answer(at, sender, JoinARoomFirst.Instance);

    /// <summary>Leaves the room and stays in the chat.</summary>
    private static IReadOnlyList<ChatEvent> StayInChat(ChatState state, Stamp at, Client leaver)
    {
        var events = new Staged(state);
        LeaveRoom(events, at, leaver);
        return events.All;
    }

    private static IReadOnlyList<ChatEvent> Leave(ChatState state, Stamp at, Client leaver, string reason)
    {
        var events = new Staged(state);
        LeaveRoom(events, at, leaver, gone: reason);
        events.Add(new ClientGone(at, leaver.Id, reason));
        return events.All;
    }

    /// <summary>Takes <paramref name="leaver"/> out of its room, if it is in one, and names the room's next leader.</summary>
    /// <param name="gone">Why, when the leaver leaves the chat too.</param>
    private static void LeaveRoom(Staged events, Stamp at, Client leaver, string? gone = null)
    {
        if (events.State.FindRoom(leaver.Room) is not { } room) return;
        events.Add(new LeftRoom(at, leaver.Id, leaver.Username!, room.Name, gone));
        AnnounceNewLeader(events, at, room);
    }

    private static void AnnounceNewLeader(Staged events, Stamp at, Room before)
    {
        if (events.State.FindRoom(before.Name) is { } after && after.Leader != before.Leader)
            events.Add(new LeaderChanged(at, after.Name, after.Leader, events.State.LeaderOf(after)));
    }

    /// <summary>
    /// Removes every client of <paramref name="node"/>. All of them are gone before any leave
    /// is announced, so the announcements reach only clients that stay (on other nodes),
    /// and a node's shutdown costs one line per remaining user per leaver, not per own client.
    /// </summary>
    /// <param name="toldFirst">What the node's own clients are told before they are gone (a shutdown, a loss), if anything.</param>
    private static IReadOnlyList<ChatEvent> RemoveNode(ChatState state, Stamp at, string node, ChatEvent? toldFirst, string reason)
    {
        var events = new Staged(state);
        RemoveNode(events, at, node, toldFirst, reason);
        return events.All;
    }

    private static void RemoveNode(Staged events, Stamp at, string node, ChatEvent? toldFirst, string reason)
    {
        var state = events.State;
        var leaving = state.Clients.Values.Where(c => c.Id.Node == node).OrderBy(c => c.Since).ToList();
        if (toldFirst is not null) events.Add(toldFirst);
        if (leaving.Count == 0) return;

        var roomsBefore = leaving.Select(c => state.FindRoom(c.Room)).OfType<Room>().DistinctBy(r => r.Name).ToList();
        foreach (var client in leaving) events.Add(new ClientGone(at, client.Id, reason));
        foreach (var client in leaving)
            if (client.Room is { } room) events.Add(new LeftRoom(at, client.Id, client.Username!, room, reason));
        foreach (var room in roomsBefore) AnnounceNewLeader(events, at, room);
    }

    private static MissedLines Missed(ChatState state, string room, long after)
    {
        var (lines, complete) = state.History.After(room, after, HistoryBounds.Of(state.Rules));
        return new MissedLines(room, lines, complete);
    }

    private static IReadOnlyList<ChatEvent> Answer(Stamp at, Client asker, Answer answer) => [new Answered(at, asker.Id, answer)];

    /// <summary>Events decided so far, and the state they lead to, so a later decision can see an earlier one.</summary>
    private sealed class Staged(ChatState state)
    {
        private readonly List<ChatEvent> _events = new(4);

        public ChatState State { get; private set; } = state;
        public IReadOnlyList<ChatEvent> All => _events;

        public void Add(ChatEvent e)
        {
            _events.Add(e);
            State = Evolve(State, e);
        }
    }
}
