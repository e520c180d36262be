using System.Reflection;
using RxChat.Client.Lines;
using RxChat.Protocol;
using static RxChat.Client.Lines.ServerLineClassifier;

namespace RxChat.Tests.Client.Lines;

/// <summary>Every line the server can send, classified through the shapes the server renders it with; and the odd ones.</summary>
public class ServerLineClassifierTests
{
    /// <summary>
    /// How the client shows each line of <see cref="ServerLines"/>. A shape added to the
    /// protocol without a row here fails <see cref="Every_server_line_renders_and_is_classified_as_intended"/>:
    /// a new line cannot be forgotten by the client.
    /// </summary>
    private static readonly Dictionary<string, LineKind?> KindOf = new()
    {
        [nameof(ServerLines.Welcome)] = LineKind.Welcome,
        [nameof(ServerLines.Users)] = LineKind.Users,
        [nameof(ServerLines.InRoom)] = LineKind.RoomReply,
        [nameof(ServerLines.NotInAnyRoom)] = LineKind.RoomReply,
        [nameof(ServerLines.JoinUsage)] = LineKind.Error,
        [nameof(ServerLines.JoinedRoom)] = LineKind.RoomReply,
        [nameof(ServerLines.LeaderOf)] = LineKind.Leader,
        [nameof(ServerLines.NoLeader)] = LineKind.RoomReply,
        [nameof(ServerLines.UnknownCommand)] = LineKind.Error,
        [nameof(ServerLines.JoinARoomFirst)] = LineKind.Error,
        [nameof(ServerLines.Chat)] = LineKind.Chat,
        [nameof(ServerLines.Joined)] = LineKind.Joined,
        [nameof(ServerLines.Left)] = LineKind.Left,
        [nameof(ServerLines.AlreadyInRoom)] = LineKind.RoomReply,
        [nameof(ServerLines.ShuttingDown)] = LineKind.ServerShutdown,
        [nameof(ServerLines.CutOff)] = LineKind.ServerShutdown,
        [nameof(ServerLines.LogUnreachable)] = LineKind.Error,
        [nameof(ServerLines.LogBack)] = LineKind.Reply,
        [nameof(ServerLines.ServerFull)] = LineKind.Error,
        [nameof(ServerLines.UsernameTaken)] = LineKind.LoginRefused,
        [nameof(ServerLines.UsernameEmpty)] = LineKind.LoginRefused,
        [nameof(ServerLines.UsernameTooLong)] = LineKind.LoginRefused,
        [nameof(ServerLines.UsernameHasControlCharacters)] = LineKind.LoginRefused,
        [nameof(ServerLines.UsernameHasInvisibleCharacters)] = LineKind.LoginRefused,
        [nameof(ServerLines.RoomNameTooLong)] = LineKind.Error,
        [nameof(ServerLines.RoomNameHasControlCharacters)] = LineKind.Error,
        [nameof(ServerLines.RoomNameHasInvisibleCharacters)] = LineKind.Error,
        [nameof(ServerLines.LineTooLong)] = LineKind.Error,
        [nameof(ServerLines.SlowDown)] = LineKind.Error,
        [nameof(ServerLines.Flooding)] = LineKind.Error,
        [nameof(ServerLines.NoUsernameInTime)] = LineKind.Error,
        [nameof(ServerLines.NotStored)] = LineKind.Error,
        [nameof(ServerLines.TooManyConnectionsFromAddress)] = LineKind.Error,
        [nameof(ServerLines.TooManyNewConnectionsFromAddress)] = LineKind.Error,
        [nameof(ServerLines.IdleTooLong)] = LineKind.Error,
        [nameof(ServerLines.NowLeader)] = LineKind.NowLeader,
        [nameof(ServerLines.HistoryStartOne)] = LineKind.HistoryFrame,
        [nameof(ServerLines.HistoryStart)] = LineKind.HistoryFrame,
        [nameof(ServerLines.HistoryEnd)] = LineKind.HistoryFrame,
        [nameof(ServerLines.NoHistory)] = LineKind.HistoryFrame,
        [nameof(ServerLines.HistoryUsage)] = LineKind.Error,
        [nameof(ServerLines.Rooms)] = LineKind.Rooms,
        [nameof(ServerLines.NoRooms)] = LineKind.Rooms,
        [nameof(ServerLines.Members)] = LineKind.Members,
        [nameof(ServerLines.NotInThatRoom)] = LineKind.Error,
        [nameof(ServerLines.UsernameAmbiguous)] = LineKind.LoginRefused,
        // Accounts: a wrong password (or too many) is as final as a refused name.
        [nameof(ServerLines.PasswordFor)] = LineKind.PasswordPrompt,
        [nameof(ServerLines.WrongPassword)] = LineKind.LoginRefused,
        [nameof(ServerLines.NotRegistered)] = LineKind.LoginRefused,
        [nameof(ServerLines.TooManyWrongPasswords)] = LineKind.LoginRefused,
        [nameof(ServerLines.AccountChanged)] = LineKind.Error,
        [nameof(ServerLines.PasswordInClear)] = LineKind.Error,
        [nameof(ServerLines.AccountCreated)] = LineKind.Reply,
        [nameof(ServerLines.PasswordChanged)] = LineKind.Reply,
        [nameof(ServerLines.AlreadyRegistered)] = LineKind.Error,
        [nameof(ServerLines.PasswordTooShort)] = LineKind.Error,
        [nameof(ServerLines.WrongOldPassword)] = LineKind.Error,
        [nameof(ServerLines.PasswordChangedMeanwhile)] = LineKind.Error,
        [nameof(ServerLines.NoAccount)] = LineKind.Error,
        [nameof(ServerLines.RegisterUsage)] = LineKind.Error,
        [nameof(ServerLines.PasswordUsage)] = LineKind.Error,
        [nameof(ServerLines.NoPasswordInTime)] = LineKind.Error,
        // Direct messages, actions, topics and the leader's powers.
        [nameof(ServerLines.DirectMessage)] = LineKind.DirectMessage,
        [nameof(ServerLines.Action)] = LineKind.Action,
        [nameof(ServerLines.TopicOf)] = LineKind.Topic,
        [nameof(ServerLines.NoTopic)] = LineKind.Topic,
        [nameof(ServerLines.TopicSet)] = LineKind.Topic,
        [nameof(ServerLines.YouWereRemoved)] = LineKind.Removed,
        [nameof(ServerLines.YouWereRemovedBecause)] = LineKind.Removed,
        [nameof(ServerLines.WasRemoved)] = LineKind.Removed,
        [nameof(ServerLines.WasRemovedBecause)] = LineKind.Removed,
        [nameof(ServerLines.NoSuchUser)] = LineKind.Error,
        [nameof(ServerLines.MsgUsage)] = LineKind.Error,
        [nameof(ServerLines.MeUsage)] = LineKind.Error,
        [nameof(ServerLines.KickUsage)] = LineKind.Error,
        [nameof(ServerLines.OnlyTheLeader)] = LineKind.Error,
        [nameof(ServerLines.NotInRoom)] = LineKind.Error,
        [nameof(ServerLines.MayNotRejoinYet)] = LineKind.Error,
        [nameof(ServerLines.ServerBusy)] = LineKind.Error,
        [nameof(ServerLines.LooksLikeRegistered)] = LineKind.LoginRefused, // a refused name; said after the welcome too, for /register
        [nameof(ServerLines.AccountsFull)] = LineKind.Error,
        [nameof(ServerLines.RegistrationsPaused)] = LineKind.Error,
        [nameof(ServerLines.RegisterAgain)] = LineKind.Error,
        // Part 4's own refusals: said only in a JSON error object, never as a line of text.
        [nameof(ServerLines.NotAnObject)] = null,
        [nameof(ServerLines.UnknownMessageType)] = null,
        [nameof(ServerLines.MissingField)] = null,
        [nameof(ServerLines.LogInFirst)] = null,
        [nameof(ServerLines.AlreadyLoggedIn)] = null,
        // Why a connection was cut off: the reason its lines end with, never a line it is sent.
        [nameof(ServerLines.ForwardedForMalformed)] = null, // HTTP answers: no line client hears them
        [nameof(ServerLines.OriginNotAllowed)] = null,
        [nameof(ServerLines.ProxyHeaderNotTrusted)] = LineKind.Error,
        [nameof(ServerLines.ProxyHeaderExpected)] = LineKind.Error,
        [nameof(ServerLines.PasswordNeedsTls)] = LineKind.LoginRefused,
        [nameof(ServerLines.TooSlow)] = null,
        [nameof(ServerLines.OverBudget)] = null,
        // Parts of a line, not lines: read inside Rooms and Members.
        [nameof(ServerLines.RoomEntry)] = null,
        [nameof(ServerLines.RoomsLeftOut)] = null,
        [nameof(ServerLines.LeaderEntry)] = null,
    };

    /// <summary>A plausible value for each hole, by its name.</summary>
    private static string Sample(string hole) => hole switch
    {
        "time" => "12:34:56",
        "user" => "alice",
        "room" => "main",
        "text" => "hello there",
        "from" => "alice",
        "to" or "leader" => "bob",
        "action" => "waves at everyone",
        "topic" => "release: Friday",
        "reason" => "spamming the room",
        "names" => "alice, bob",
        "rooms" => "dev (1), main (3)",
        "members" => "alice (leader), bob",
        "count" or "max" or "min" or "seconds" => "2",
        "port" => "7443",
        "address" => "203.0.113.9",
        "origin" => "https://evil.example",
        "value" => "not-an-address",
        _ => throw new Xunit.Sdk.XunitException($"No sample for the hole {{{hole}}}: add one"),
    };

    public static TheoryData<string> Shapes =>
        [.. typeof(ServerLines).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.FieldType == typeof(LineShape)).Select(f => f.Name)];

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Every_server_line_renders_and_is_classified_as_intended(string name)
    {
        Assert.True(KindOf.TryGetValue(name, out var kind),
            $"ServerLines.{name} is new: say in {nameof(KindOf)} how the client shows it (and teach the classifier)");
        var shape = (LineShape)typeof(ServerLines).GetField(name)!.GetValue(null)!;
        var sample = shape.Render([.. shape.Holes.Select(Sample)]);
        if (kind is null) return;

        var line = Classify(sample);
        Assert.Equal((kind, sample), (line.Kind, line.Text));
        Assert.Same(shape, line.Shape);
    }

    [Fact]
    public void A_chat_line_names_its_time_speaker_and_message()
    {
        var line = Classify("[12:34:56] bob: Hello everyone!");
        Assert.Equal(("12:34:56", "bob", "Hello everyone!"), (line.Time, line.User, line.Message));
    }

    [Fact]
    public void A_username_may_contain_brackets()
    {
        var line = Classify("[12:34:56] [admin] bob: hi");
        Assert.Equal((LineKind.Chat, "[admin] bob", "hi"), (line.Kind, line.User, line.Message));
    }

    [Fact]
    public void A_message_may_look_like_a_timestamped_line()
    {
        var line = Classify("[12:34:56] bob: [12:00:01] eve: I never said that");
        Assert.Equal((LineKind.Chat, "bob", "[12:00:01] eve: I never said that"), (line.Kind, line.User, line.Message));
    }

    [Theory]
    [InlineData("[12:34:56] bob: mallory joined the room")]
    [InlineData("[12:34:56] bob: mallory is now the leader of main")]
    [InlineData("[12:34:56] bob: mallory left the room main")]
    [InlineData("[12:34:56] bob: mallory -> you: a secret")]
    [InlineData("[12:34:56] bob: * mallory waves")]
    [InlineData("[12:34:56] bob: mallory set the topic of main: free pizza")]
    [InlineData("[12:34:56] bob: mallory was removed from main by alice")]
    public void A_message_that_reads_like_a_system_line_is_still_chat(string received)
    {
        var line = Classify(received);
        Assert.Equal((LineKind.Chat, "bob"), (line.Kind, line.User));
    }

    [Fact]
    public void Markup_in_a_message_is_kept_as_text()
    {
        var line = Classify("[12:34:56] bob: [red]not red[/]");
        Assert.Equal("[red]not red[/]", line.Message);
    }

    [Fact]
    public void Names_and_rooms_may_contain_spaces()
    {
        var joined = Classify("[12:34:56] bob smith joined the room");
        Assert.Equal((LineKind.Joined, "bob smith"), (joined.Kind, joined.User));

        var left = Classify("[12:34:56] bob smith left the room study group");
        Assert.Equal((LineKind.Left, "bob smith", "study group"), (left.Kind, left.User, left.Room));

        var leader = Classify("Leader of room study group: bob smith");
        Assert.Equal(("study group", "bob smith"), (leader.Room, leader.User));

        var now = Classify("[12:34:56] bob smith is now the leader of study group");
        Assert.Equal((LineKind.NowLeader, "bob smith", "study group"), (now.Kind, now.User, now.Room));
    }

    [Fact]
    public void A_leader_line_splits_at_the_last_colon_so_a_room_may_contain_one()
    {
        // A room name is whatever followed /join, ": " included; a username with ": " is rarer.
        var leader = Classify("Leader of room ops: night: alice");
        Assert.Equal(("ops: night", "alice"), (leader.Room, leader.User));
    }

    [Fact]
    public void The_users_reply_lists_names_in_order()
    {
        Assert.Equal(["alice", "bob", "[x]"], Classify("Users: alice, bob, [x]").Users);
    }

    [Fact]
    public void The_members_reply_lists_names_in_order_and_knows_the_leader()
    {
        var line = Classify("Members of study group: bob, alice (leader), carol");
        Assert.Equal((LineKind.Members, "study group", "alice"), (line.Kind, line.Room, line.User));
        Assert.Equal(["bob", "alice", "carol"], line.Users);
    }

    [Fact]
    public void The_rooms_reply_lists_each_room_with_its_members()
    {
        Assert.Equal([new RoomSize("dev", "1"), new RoomSize("study group", "3")], Classify("Rooms: dev (1), study group (3)").Rooms);
        Assert.Null(Classify("Rooms: dev, main").Rooms);   // not the shape of an entry: shown as it is
        Assert.Equal([new RoomSize("dev", "1")], Classify("Rooms: dev (1), 1410 more").Rooms); // the rooms the server left out
        Assert.Equal("1410 more", Classify("Rooms: dev (1), 1410 more").MoreRooms);
        Assert.Null(Classify("Rooms: 3 more, dev (1)").Rooms); // only the last entry may say so
        Assert.Equal(LineKind.Rooms, Classify("No rooms yet").Kind);
    }

    [Theory]
    [InlineData("[red] bob: hi")]          // letters where the stamp's digits go
    [InlineData("[1:34:56] bob: hi")]      // one digit short
    [InlineData("[12:34:56]bob: hi")]      // no space after the stamp
    [InlineData("12:34:56 bob: hi")]
    public void Only_a_real_stamp_makes_a_timestamped_line(string received)
    {
        var line = Classify(received);
        Assert.Equal(LineKind.Reply, line.Kind);
        Assert.Null(line.Time);
    }

    [Fact]
    public void An_unknown_stamped_line_keeps_its_stamp()
    {
        var line = Classify("[12:34:56] alice waved");
        Assert.Equal((LineKind.Reply, "12:34:56"), (line.Kind, line.Time));
    }

    [Fact]
    public void An_unknown_line_is_a_plain_reply_never_dropped()
    {
        Assert.Equal((LineKind.Reply, "something new"), (Classify("something new").Kind, Classify("something new").Text));
        Assert.Equal(LineKind.Reply, Classify("").Kind);
    }

    [Fact]
    public void Control_characters_and_escape_sequences_never_reach_the_line()
    {
        var line = Classify("[12:34:56] bob: \u001b[2J\u001b]0;owned\u0007hi\u0007 there\r");
        Assert.Equal("[12:34:56] bob: hi there", line.Text);
        Assert.Equal("hi there", line.Message);
    }

    [Fact]
    public void The_joined_room_is_read_only_from_the_servers_reply()
    {
        var joined = Classify("You joined room study group");
        Assert.Equal((ServerLines.JoinedRoom, "study group"), (joined.Shape, joined.Room));
        Assert.NotSame(ServerLines.JoinedRoom, Classify("You are in room main").Shape);
        Assert.Same(ServerLines.Chat, Classify("[12:34:56] bob: You joined room main").Shape);
    }
}
