using RxChat.Server.Core;
using RxChat.Server.Protocol;

namespace RxChat.Tests.Server.Protocol;

/// <summary>The JSON codec: PROTOCOL.md Part 4's objects, with the text protocol's wording for answers and refusals.</summary>
public sealed class JsonCodecTests
{
    private static readonly Stamp Noon = new(7, new DateTimeOffset(2026, 11, 26, 12, 34, 56, TimeSpan.Zero));
    private static readonly ConnectionId Bob = new("local", 2);
    private static readonly JsonCodec Codec = new(new TextCodec(TimeZoneInfo.Utc));

    private static string[] Render(ChatEvent e, Audience audience = Audience.Others) =>
        [.. Codec.Render(e, audience, ChatState.Empty).Select(line => line.Text)];

    [Fact]
    public void Events_become_stamped_objects_with_utc_times()
    {
        Assert.Equal(["""{"type":"said","room":"main","user":"bob","text":"hi <b>","seq":7,"time":"2026-11-26T12:34:56Z"}"""],
            Render(new Said(Noon, Bob, "bob", "main", "hi <b>")));
        Assert.Equal(["""{"type":"joined","room":"main","user":"bob","seq":7,"time":"2026-11-26T12:34:56Z"}"""],
            Render(new JoinedRoom(Noon, Bob, "bob", "main"), Audience.Subject));
        Assert.Equal(["""{"type":"left","room":"main","user":"bob","seq":7,"time":"2026-11-26T12:34:56Z"}"""],
            Render(new LeftRoom(Noon, Bob, "bob", "main")));
        Assert.Equal(["""{"type":"leader","room":"main","user":"bob","seq":7,"time":"2026-11-26T12:34:56Z"}"""],
            Render(new LeaderChanged(Noon, "main", Bob, "bob")));
        Assert.Equal(["""{"type":"welcome","username":"bob"}"""], Render(new LoggedIn(Noon, Bob, "bob"), Audience.Subject));
    }

    [Fact]
    public void Answers_are_replies_in_the_text_protocols_words_and_history_is_replayed_chat()
    {
        Assert.Equal(["""{"type":"reply","text":"Users: alice, bob"}"""],
            Render(new Answered(Noon, Bob, new UserList(["alice", "bob"])), Audience.Subject));
        Assert.Equal(["""{"type":"reply","text":"Rooms: dev (1)","rooms":[{"name":"dev","members":1}]}"""],
            Render(new Answered(Noon, Bob, new RoomList([new RoomCount("dev", 1)])), Audience.Subject));
        var said = new Said(Noon, Bob, "bob", "main", "hi");
        Assert.Equal(
        [
            """{"type":"said","room":"main","user":"bob","text":"hi","seq":7,"time":"2026-11-26T12:34:56Z","replay":true}""",
            """{"type":"resumed","room":"main","complete":false}""",
        ], Render(new Answered(Noon, Bob, new MissedLines("main", [said], Complete: false)), Audience.Subject));
    }

    [Fact]
    public void Refusals_are_errors_fatal_when_the_connection_closes_after_them()
    {
        Assert.Equal(["""{"type":"error","text":"Line too long (max 4096 bytes)","fatal":false}"""],
            Render(new LineRefused(Noon, Bob, new LineTooLong(4096)), Audience.Subject));
        Assert.Contains("\"fatal\":true", Assert.Single(Render(new LineRefused(Noon, Bob, Flooding.Instance), Audience.Subject)));
        Assert.Equal(["""{"type":"error","text":"Nothing received for 60 s: disconnected","fatal":true}"""],
            Render(new LineRefused(Noon, Bob, new IdleTooLong(TimeSpan.FromMinutes(1))), Audience.Subject));
        Assert.Contains("\"fatal\":false", Assert.Single(Render(new LineRefused(Noon, Bob, new NotUnderstood(FrameProblem.UnknownType)), Audience.Subject)));
    }

    [Fact]
    public void A_room_is_shown_with_its_members_in_connection_order_and_its_leader()
    {
        var chat = new RxChat.Tests.Server.Core.ChatDriver().Connect("cy").Connect("amy").Join("amy", "main").Join("cy", "main");
        var room = chat.State.Rooms["main"];
        Assert.Equal(["""{"type":"room","room":"main","members":["cy","amy"],"leader":"cy","seq":7}"""],
            Codec.Members(room, chat.State, Noon).Select(line => line.Text));
    }

    [Theory]
    [InlineData("""{"type":"dance"}""", FrameProblem.UnknownType)]
    [InlineData("""{"text":"hi"}""", FrameProblem.UnknownType)]
    [InlineData("""not json""", FrameProblem.NotAnObject)]
    [InlineData("""[1,2]""", FrameProblem.NotAnObject)]
    [InlineData("", FrameProblem.NotAnObject)]
    [InlineData("""{"type":"send"}""", FrameProblem.NotLoggedIn)]
    public void Frames_that_are_no_message_are_refused_before_login(string frame, FrameProblem problem) =>
        Assert.Equal(new RefuseLine(new NotUnderstood(problem)), Codec.Read(frame, awaitingLogin: true).Command);

    [Fact]
    public void Frames_carry_the_text_protocols_commands()
    {
        Assert.Equal(new Login("alice"), Codec.Read("""{"type":"login","username":" alice "}""", awaitingLogin: true).Command);
        Assert.Equal(new Join("main"), Codec.Read("""{"type":"send","text":"/join main"}""", awaitingLogin: false).Command);
        Assert.Equal(new Resume(12), Codec.Read("""{"type":"resume","after":12}""", awaitingLogin: false).Command);
        Assert.Equal(new RefuseLine(new NotUnderstood(FrameProblem.AlreadyLoggedIn)), Codec.Read("""{"type":"login","username":"x"}""", awaitingLogin: false).Command);
        Assert.Equal(new RefuseLine(new NotUnderstood(FrameProblem.MissingField)), Codec.Read("""{"type":"resume"}""", awaitingLogin: false).Command);
        Assert.Null(Codec.Read("""{"type":"send","text":"   "}""", awaitingLogin: false).Command);
    }

    [Fact]
    public void A_login_carries_its_password_and_a_password_frame_is_read_whatever_it_says()
    {
        Assert.Equal(new Inbound(new Login("bob"), "hunter22"), Codec.Read("""{"type":"login","username":"bob","password":"hunter22"}""", awaitingLogin: true));
        Assert.Equal("hunter22", Codec.ReadPassword("""{"type":"password","password":"hunter22"}"""));
        Assert.Equal("/users", Codec.ReadPassword("""{"type":"send","text":"/users"}"""));
        Assert.Equal("", Codec.ReadPassword("not json"));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_refusal_is_fatal_exactly_when_it_ends_the_connection(bool atLogin)
    {
        var why = new TooManyWrongPasswords(TimeSpan.FromSeconds(4), Disconnects: atLogin);
        Assert.Contains($"\"fatal\":{(atLogin ? "true" : "false")}", Render(new LineRefused(Noon, Bob, why)).Single());
    }

    [Fact]
    public void Direct_messages_actions_topics_and_removals_are_stamped_objects_of_their_own()
    {
        var alice = new ConnectionId("local", 1);
        Assert.Equal(["""{"type":"dm","text":"psst","from":"alice","to":"bob","seq":7,"time":"2026-11-26T12:34:56Z"}"""],
            Render(new Told(Noon, alice, "alice", Bob, "bob", "psst"), Audience.Subject));
        Assert.Equal(["""{"type":"action","room":"main","user":"bob","text":"waves","seq":7,"time":"2026-11-26T12:34:56Z"}"""],
            Render(new Said(Noon, Bob, "bob", "main", "waves", Action: true)));
        Assert.Equal(["""{"type":"topic","room":"main","user":"alice","text":"be nice","seq":7,"time":"2026-11-26T12:34:56Z"}"""],
            Render(new TopicSet(Noon, alice, "alice", "main", "be nice")));
        Assert.Equal(["""{"type":"topic","room":"main","text":"be nice","seq":7,"time":"2026-11-26T12:34:56Z"}"""],
            Render(new Answered(Noon, Bob, new TopicOf("main", new Topic("be nice", "alice", Noon))), Audience.Subject));
        Assert.Equal(["""{"type":"reply","text":"No topic set for main"}"""],
            Render(new Answered(Noon, Bob, new TopicOf("main", null)), Audience.Subject));
        var removed = new Removed(Noon, Bob, "bob", "main", "alice", "spam", Noon.Time.AddSeconds(60));
        Assert.Equal(["""{"type":"removed","room":"main","user":"bob","reason":"spam","leader":"alice","seq":7,"time":"2026-11-26T12:34:56Z"}"""],
            Render(removed, Audience.Subject));
        Assert.Equal(Render(removed, Audience.Subject), Render(removed, Audience.Others));
        Assert.DoesNotContain("reason", Assert.Single(Render(removed with { Reason = null })));
    }

    [Fact]
    public void A_replayed_action_stays_an_action()
    {
        var action = new Said(Noon, Bob, "bob", "main", "waves", Action: true);
        Assert.Equal(["""{"type":"action","room":"main","user":"bob","text":"waves","seq":7,"time":"2026-11-26T12:34:56Z","replay":true}"""],
            Render(new Answered(Noon, Bob, new HistoryLines("main", [action])), Audience.Subject));
    }
}
