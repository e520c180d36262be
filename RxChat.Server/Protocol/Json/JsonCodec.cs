using System.Globalization;
using RxChat.Protocol;
using RxChat.Server.Core;

namespace RxChat.Server.Protocol;

/// <summary>
/// PROTOCOL.md Part 4: reads its frames (<see cref="FrameParser"/>) and renders events as its
/// JSON objects. Objects caused by a log entry carry its position (<c>seq</c>) and UTC time;
/// answers and refusals keep the text protocol's wording (<see cref="TextCodec"/>), so both
/// kinds of client read the same words.
/// </summary>
public sealed class JsonCodec(TextCodec text) : IChatCodec
{
    private static readonly IReadOnlyList<OutboundLine> Nothing = [];

    public Inbound Read(string frame, bool awaitingLogin) => FrameParser.Read(frame, awaitingLogin);

    public string ReadPassword(string frame) => FrameParser.Password(frame);

    public IReadOnlyList<OutboundLine> Render(ChatEvent e, Audience audience, ChatState after) => e switch
    {
        LoggedIn loggedIn => One(new ServerMessage("welcome") { Username = loggedIn.User }),
        LoginRefused refused => One(Error(TextCodec.UsernameRefusal(refused), fatal: true)),
        JoinedRoom joined => One(Stamped("joined", e) with { Room = joined.Room, User = joined.User }),
        LeftRoom when audience == Audience.Subject => Nothing, // the leaver knows
        LeftRoom left => One(Stamped("left", e) with { Room = left.Room, User = left.User }),
        Said said => One(Said(said, replay: false)),
        LeaderChanged changed => One(Stamped("leader", e) with { Room = changed.Room, User = changed.User }),
        Told told => One(Stamped("dm", e) with { From = told.User, To = told.ToUser, Text = told.Text }),
        TopicSet set => One(Stamped("topic", e) with { Room = set.Room, User = set.User, Text = set.Topic }),
        Removed removed => One(Stamped("removed", e) with { Room = removed.Room, User = removed.User, Leader = removed.Leader, Reason = removed.Reason }),
        // A room's topic, as its joiner (or /topic) is told: the same object as when it is set, without who set it.
        Answered { Answer: TopicOf { Topic: { } topic } of } => One(Stamped("topic", e) with { Room = of.Room, Text = topic.Text }),
        Answered answered => Answer(answered.Answer),
        LineRefused refused => One(Error(Wording(refused.Why), fatal: refused.Why.EndsConnection)),
        PasswordAsked asked => asked.InClear
            ? [Line(Reply(ServerLines.PasswordInClear.Render())), Line(new ServerMessage("password") { Username = asked.User })]
            : One(new ServerMessage("password") { Username = asked.User }),
        AccountCreated or PasswordChanged => [.. text.Render(e, audience).Select(line => Line(Reply(line)))],
        NodeShuttingDown => One(Error(ServerLines.ShuttingDown.Render(), fatal: true)),
        NodeLost => One(Error(ServerLines.CutOff.Render(), fatal: true)),
        _ => Nothing,
    };

    public IReadOnlyList<OutboundLine> Members(Room room, ChatState after, Stamp at) => One(new ServerMessage("room")
    {
        Room = room.Name,
        Members = [.. room.Members.Select(m => after.NameOf(m.Id))],
        Leader = after.LeaderOf(room),
        Seq = at.Position,
    });

    /// <summary>UTC, ISO 8601, whole seconds, as PROTOCOL.md Part 4 shows it.</summary>
    private static string Time(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public IReadOnlyList<OutboundLine> RenderAnswer(Answered answered, ChatState after) => Answer(answered.Answer);

    private IReadOnlyList<OutboundLine> Answer(Answer answer) => answer switch
    {
        HistoryLines history when history.Lines.Count > 0 => Replayed(history.Lines),
        MissedLines missed => [.. Replayed(missed.Lines), Line(new ServerMessage("resumed") { Room = missed.Room, Complete = missed.Complete })],
        RoomList list => One(Reply(text.Answer(answer)[0]) with
        {
            Rooms = list.Rooms.Select(r => new RoomEntry(r.Room, r.Members)).ToArray(),
            More = list.LeftOut > 0 ? list.LeftOut : null,
        }),
        _ => Replies(answer),
    };

    private IReadOnlyList<OutboundLine> Replies(Answer answer)
    {
        var lines = text.Answer(answer);
        var rendered = new OutboundLine[lines.Count];
        for (int i = 0; i < rendered.Length; i++) rendered[i] = Line(Reply(lines[i]));
        return rendered;
    }

    private static IReadOnlyList<OutboundLine> Replayed(IReadOnlyList<Said> lines)
    {
        var rendered = new OutboundLine[lines.Count];
        for (int i = 0; i < rendered.Length; i++) rendered[i] = Line(Said(lines[i], replay: true));
        return rendered;
    }

    private static ServerMessage Said(Said said, bool replay) =>
        Stamped(said.Action ? "action" : "said", said) with { Room = said.Room, User = said.User, Text = said.Text, Replay = replay ? true : null };

    private static ServerMessage Stamped(string type, ChatEvent e) => new(type) { Seq = e.At.Position, Time = Time(e.At.Time) };

    private static ServerMessage Reply(string text) => new("reply") { Text = text };

    private static ServerMessage Error(string text, bool fatal) => new("error") { Text = text, Fatal = fatal };

    /// <summary>A line of the server's own, not caused by a log entry (the log is unreachable, or back), as a non-fatal <c>error</c> object.</summary>
    public OutboundLine Notice(string text) => Line(Error(text, fatal: false));

    private static string Wording(Refusal why) => why is NotUnderstood not ? Problem(not.Problem) : TextCodec.Refusal(why);

    /// <summary>The structured protocol's own refusals (the text protocol has no frames to get wrong).</summary>
    private static string Problem(FrameProblem problem) => problem switch
    {
        FrameProblem.UnknownType => ServerLines.UnknownMessageType.Render(),
        FrameProblem.MissingField => ServerLines.MissingField.Render(),
        FrameProblem.NotLoggedIn => ServerLines.LogInFirst.Render(),
        FrameProblem.AlreadyLoggedIn => ServerLines.AlreadyLoggedIn.Render(),
        _ => ServerLines.NotAnObject.Render(),
    };

    private static IReadOnlyList<OutboundLine> One(ServerMessage message) => [Line(message)];

    private static OutboundLine Line(ServerMessage message) => new(WireJson.Serialize(message));
}
