using RxChat.Server.Core;
using RxChat.Server.Log;

namespace RxChat.Tests.Server.Log;

/// <summary>
/// One example of everything the log writes down. <see cref="LogJsonRoundTripTests"/>
/// checks that every type the JSON contract names has an example here, so a new command,
/// event, answer or refusal cannot go untested.
/// </summary>
public static class LogSamples
{
    public static readonly ConnectionId Alice = new("node-a", 1);
    public static readonly ConnectionId Bob = new("node-a", 2);
    public static readonly DateTimeOffset Noon = new(2025, 3, 14, 12, 0, 0, TimeSpan.Zero);
    private static readonly Stamp At = new(42, Noon);
    private static readonly Said Hello = new(new Stamp(7, Noon), Alice, "alice", "lobby", "hello, bob");

    public static readonly IReadOnlyList<Command> Commands =
    [
        Connected.Instance,
        new Disconnected("connection reset"),
        new Login("alice"),
        new Join("lobby"),
        new Misused(CommandName.History),
        new Say("hello \"world\" — ünïcödé ✓"),
        new Say("to the room I mean", "lobby", Quietly: true), // IRC's NOTICE #lobby
        new ExitRoom("lobby"),
        new WhoIsHere(Detailed: true),
        ListUsers.Instance,
        WhichRoom.Instance,
        WhoLeads.Instance,
        ListRooms.Instance,
        WhoIsHere.Instance,
        new ShowHistory(5),
        new ShowHistory(),
        Help.Instance,
        new Resume(1234),
        new UnknownCommand("/dance wildly"),
        Quit.Instance,
        new RefuseLine(new LineTooLong(4096)),
        NodeStarted.Instance,
        NodeStopping.Instance,
        NodeHeartbeat.Instance,
        new Login("alice", Account: 17),
        new AskPassword("alice", 17, InClear: true),
        new WrongPassword("alice"),
        new Register("AQAAAAIAAYagAAAAEHashNotAPassword==", InClear: false),
        new Register(Hash: null, InClear: false),
        new ChangePassword("AQAAAAIAAYagAAAAEOtherHash==", 17),
        new AddAccount("carol", "AQAAAAIAAYagAAAAECarolHash=="),
        new RemoveAccount("carol"),
        new Tell("bob", "just between us"),
        new Misused(CommandName.Msg),
        new Act("waves"),
        ShowTopic.Instance,
        new SetTopic("release on Friday: no merges"),
        new Kick("bob", "spamming"),
        new Kick("bob"),
    ];

    public static readonly IReadOnlyList<Answer> Answers =
    [
        new UserList(["alice", "bob"]),
        new CurrentRoom("lobby"),
        new CurrentRoom(null),
        new RoomLeader("lobby", "alice"),
        new RoomLeader(null, null),
        new Usage(CommandName.Join),
        NotACommand.Instance,
        new AlreadyInRoom("lobby"),
        new RoomNameRefused("lob\u0007by", NameProblem.ControlCharacters, 64),
        JoinARoomFirst.Instance,
        new NotInThatRoom("games", Saying: true),
        new RoomList([new RoomCount("lobby", 2), new RoomCount("games", 1)]),
        new RoomMembers("lobby", ["alice", "bob"], "alice"),
        new HistoryLines("lobby", [Hello, Hello with { Text = "again" }]),
        CommandList.Instance,
        new MissedLines("lobby", [Hello], Complete: false),
        new AlreadyRegistered("alice"),
        PasswordChangedMeanwhile.Instance,
        new TopicOf("lobby", new Topic("release on Friday", "alice", At)),
        new TopicOf("lobby", new Topic("release on Friday"), OnJoin: true),
        new TopicOf("lobby", null),
        new OnlyTheLeader("lobby"),
        new NotInRoom("bob", "lobby"),
        new NoSuchUser("zed"),
        new MayNotRejoinYet("lobby", 42),
        new LooksLikeRegistered("a\u0430lice"),
        new AccountsFull(10_000),
        new RegistrationsPaused(TimeSpan.FromSeconds(90)),
        RegisterAgain.Instance,
    ];

    public static readonly IReadOnlyList<Refusal> Refusals =
    [
        new LineTooLong(4096),
        SlowDown.Instance,
        Flooding.Instance,
        new NoUsernameInTime(TimeSpan.FromSeconds(30)),
        new IdleTooLong(TimeSpan.FromMinutes(5)),
        new NotUnderstood(FrameProblem.UnknownType),
        new PasswordTooShort(8),
        WrongOldPassword.Instance,
        NoAccount.Instance,
        new TooManyWrongPasswords(TimeSpan.FromSeconds(4), Disconnects: true),
        new NoPasswordInTime(TimeSpan.FromSeconds(30)),
        new ServerBusy(Disconnects: false),
        new PasswordNeedsTls(7443, Disconnects: true),
    ];

    public static readonly IReadOnlyList<ChatEvent> Events =
    [
        new ClientConnected(At, Alice),
        new LoggedIn(At, Alice, "alice"),
        new LoginRefused(At, Bob, "alice", NameProblem.InUse, 32),
        new JoinedRoom(At, Alice, "alice", "lobby"),
        new LeftRoom(At, Alice, "alice", "lobby"),
        new LeftRoom(At, Alice, "alice", "lobby", Gone: "quit"),
        Hello,
        new LeaderChanged(At, "lobby", Bob, "bob"),
        new LeaderChanged(At, "lobby", Bob, "bob", Former: "alice"),
        .. Answers.Select(answer => new Answered(At, Alice, answer)),
        .. Refusals.Select(why => new LineRefused(At, Bob, why)),
        new ClientGone(At, Bob, "quit"),
        new NodeShuttingDown(At, "node-a"),
        new NodeLost(At, "node-b"),
        new PasswordAsked(At, Alice, "alice", InClear: true),
        new AccountCreated(At, Alice, "alice", "AQAAAAIAAYagAAAAEHashNotAPassword==", InClear: true),
        new PasswordChanged(At, Alice, "alice", "AQAAAAIAAYagAAAAEOtherHash=="),
        new AccountRemoved(At, "alice"),
        Hello with { Text = "waves", Action = true },
        new Told(At, Alice, "alice", Bob, "bob", "just between us"),
        new TopicSet(At, Alice, "alice", "lobby", "release on Friday"),
        new Removed(At, Bob, "bob", "lobby", "alice", "spamming", Noon.AddSeconds(60)),
        new Removed(At, Bob, "bob", "lobby", "alice", null, Noon.AddSeconds(60)),
    ];

    /// <summary>A stamped command from <paramref name="from"/>, a second apart from the previous <paramref name="n"/>.</summary>
    public static Stamped Stamp(Command command, ConnectionId from, int n = 0) => new(from, Noon.AddSeconds(n), command);

    /// <summary><paramref name="count"/> chat lines, numbered from <paramref name="first"/>.</summary>
    public static IReadOnlyList<Stamped> Lines(int first, int count) =>
        [.. Enumerable.Range(first, count).Select(n => Stamp(new Say($"line {n}"), Alice, n))];

    /// <summary>
    /// A chat in a few rooms, folded from the commands that lead to it: logged-in users,
    /// someone not logged in yet, rooms with members, and histories (one of an emptied room),
    /// a room with a topic, and a user removed from a room (carol kicks herself from games
    /// first, which she led alone, so both rooms' bans are kept).
    /// </summary>
    public static ChatState Conversation()
    {
        var carol = new ConnectionId("node-b", 1);
        var dave = new ConnectionId("node-b", 2);
        Stamped[] commands =
        [
            Stamp(Connected.Instance, Alice), Stamp(Connected.Instance, Bob),
            Stamp(Connected.Instance, carol), Stamp(Connected.Instance, dave),
            Stamp(new Login("alice"), Alice), Stamp(new Login("bob"), Bob), Stamp(new Login("carol"), carol),
            Stamp(new Join("lobby"), Alice), Stamp(new Join("lobby"), Bob), Stamp(new Join("games"), carol),
            Stamp(new Say("hi bob"), Alice, 1), Stamp(new Say("hi alice"), Bob, 2), Stamp(new Say("anyone?"), carol, 3),
            Stamp(new Join("quiet"), carol, 4), Stamp(new Say("hello?"), carol, 5), Stamp(new Join("lobby"), carol, 6),
            Stamp(new SetTopic("cards: bring your own"), Alice, 7),
            Stamp(new Join("games"), carol, 9), Stamp(new Kick("carol", "cheating"), carol, 10), Stamp(new Join("lobby"), carol, 11),
            Stamp(new Kick("carol"), Alice, 12),
        ];
        var state = ChatState.Empty;
        long position = 0;
        foreach (var command in commands)
            state = global::RxChat.Server.Core.Chat.Step(state, StoredEntry.Of(command).At(++position)).State;
        return state;
    }
}
