using RxChat.Protocol;
using RxChat.Server.Core;
using W = RxChat.Server.Protocol.IrcWords;

namespace RxChat.Server.Protocol;

/// <summary>
/// PROTOCOL.md's IRC part: the chat's events as IRC lines. Rooms are channels (<c>#main</c>),
/// users are nicks (<c>amy!amy@node</c>), the room's leader is its operator (<c>@</c>, and
/// <c>MODE +o</c> when it changes). One rendering serves every IRC recipient; what a client's
/// capabilities leave out is taken out on its way (<see cref="IrcOutput"/>). Where IRC has no
/// numeric of its own, the chat's own words are sent as a NOTICE (<see cref="TextCodec"/>).
/// Reading is per connection (<see cref="IrcSession"/>), so the codec reads nothing itself.
/// </summary>
public sealed class IrcCodec(TextCodec text) : IChatCodec
{
    private static readonly IReadOnlyList<OutboundLine> Nothing = [];

    /// <summary>An IRC connection reads through its own <see cref="IrcSession"/>; this is never asked.</summary>
    public Inbound Read(string frame, bool awaitingLogin) => throw new NotSupportedException("An IRC connection reads through its IrcSession.");

    public string ReadPassword(string frame) => IrcSession.PasswordIn(frame);

    public IReadOnlyList<OutboundLine> Render(ChatEvent e, Audience audience, ChatState after) => Lines(e switch
    {
        LoggedIn loggedIn => Welcome(loggedIn.User, after.Rules),
        LoginRefused refused => [LoginRefusal(refused)],
        JoinedRoom joined when audience == Audience.Subject => Joined(joined, after),
        JoinedRoom joined => [W.Tags(e.At) + $":{W.Source(joined.User, joined.Who)} JOIN {W.Channel(joined.Room)}"],
        LeftRoom { Gone: not null } when audience == Audience.Subject => [], // it is leaving: ERROR says the rest
        LeftRoom { Gone: { } why } left => [W.Tags(e.At) + W.Message($":{W.Source(left.User, left.Who)} QUIT", why)],
        LeftRoom left => [W.Tags(e.At) + $":{W.Source(left.User, left.Who)} PART {W.Channel(left.Room)}"],
        Said said => [Chat(said, batch: null)],
        Told when audience == Audience.Subject => [], // an IRC client shows what it sent itself
        Told told => [W.Tags(e.At) + W.Message($":{W.Source(told.User, told.Who)} PRIVMSG", told.ToUser, told.Text)],
        TopicSet set => [W.Tags(e.At) + W.Message($":{W.Source(set.User, set.Who)} TOPIC", W.Channel(set.Room), set.Topic)],
        Removed removed => [W.Tags(e.At) + W.Message($":{Source(removed.Leader, after)} KICK", W.Channel(removed.Room), removed.User,
            removed.Reason ?? removed.Leader)],
        LeaderChanged changed => Leader(changed, after),
        Answered answered => Answer(answered, after),
        LineRefused refused => [Refusal(refused, after)],
        ClientGone gone => [W.FromServer("ERROR", IrcLines.ClosingLink.Render(gone.Reason))],
        NodeShuttingDown => [W.FromServer("ERROR", ServerLines.ShuttingDown.Render())],
        NodeLost => [W.FromServer("ERROR", ServerLines.CutOff.Render())],
        PasswordAsked asked => asked.InClear
            ? [Notice("*", ServerLines.PasswordInClear.Render()), Notice("*", ServerLines.PasswordFor.Render(asked.User)), Notice("*", IrcLines.PasswordBy.Render())]
            : [Notice("*", ServerLines.PasswordFor.Render(asked.User)), Notice("*", IrcLines.PasswordBy.Render())],
        AccountCreated or PasswordChanged => [.. text.Render(e, audience).Select(line => Notice(NickOf(e.Subject, after), line))],
        _ => [],
    });

    public IReadOnlyList<OutboundLine> RenderAnswer(Answered answered, ChatState after) => Lines(Answer(answered, after));

    /// <summary>IRC shows a channel's members when asked (NAMES, WHO) and by JOIN, PART and QUIT: nothing more.</summary>
    public IReadOnlyList<OutboundLine> Members(Room room, ChatState after, Stamp at) => Nothing;

    public OutboundLine Notice(string text) => new(Notice("*", text));

    /// <summary>001–005 and the MOTD: registration is complete.</summary>
    private static List<string> Welcome(string nick, ChatRules rules)
    {
        List<string> lines =
        [
            W.Numeric("001", nick, ServerLines.Welcome.Render()),
            W.Numeric("002", nick, IrcLines.YourHost.Render(IrcLines.Server)),
            W.Numeric("003", nick, IrcLines.Created.Render()),
            $":{IrcLines.Server} 004 {nick} {IrcLines.Server} RxChat i o",
            W.Numeric("005", nick, "CHANTYPES=#", "PREFIX=(o)@", $"NETWORK={IrcLines.Network}", "CASEMAPPING=ascii",
                $"NICKLEN={W.Number(rules.MaxUsernameLength)}", $"CHANNELLEN={W.Number(rules.MaxRoomNameLength + 1)}",
                $"TOPICLEN={W.Number(IrcLines.MaxLineBytes)}", IrcLines.Supported),
            W.Numeric("375", nick, IrcLines.MotdStart.Render(IrcLines.Server)),
        ];
        foreach (var line in IrcLines.Motd) lines.Add(W.Numeric("372", nick, line));
        lines.Add(W.Numeric("376", nick, IrcLines.MotdEnd));
        return lines;
    }

    private static string LoginRefusal(LoginRefused refused)
    {
        var why = TextCodec.UsernameRefusal(refused);
        return refused.Problem switch
        {
            NameProblem.InUse => W.Numeric("433", "*", refused.Name, why),
            NameProblem.WrongPassword or NameProblem.NotRegistered or NameProblem.AccountChanged => W.Numeric("464", "*", why),
            _ => W.Numeric("432", "*", refused.Name, why),
        };
    }

    /// <summary>
    /// The joiner's JOIN echo, the topic (332 and 333, or 331), the names with the leader as
    /// <c>@</c>, in that order, as IRC clients expect; the history follows as its own answer.
    /// </summary>
    private static List<string> Joined(JoinedRoom joined, ChatState after)
    {
        var channel = W.Channel(joined.Room);
        var nick = joined.User;
        var room = after.FindRoom(joined.Room);
        return
        [
            W.Tags(joined.At) + $":{W.Source(nick, joined.Who)} JOIN {channel}",
            .. TopicLines(nick, channel, room?.Topic),
            .. Names(nick, room, channel, after),
        ];
    }

    /// <summary>332 with the topic and 333 with who set it and when (unix seconds), or 331 when there is none.</summary>
    private static List<string> TopicLines(string nick, string channel, Topic? topic)
    {
        if (topic is null) return [W.Numeric("331", nick, channel, IrcLines.NoTopic)];
        List<string> lines = [W.Numeric("332", nick, channel, topic.Text)];
        if (topic is { SetBy: { } by, At: { } at })
            lines.Add($":{IrcLines.Server} 333 {nick} {channel} {by} {W.Number(at.Time.ToUnixTimeSeconds())}");
        return lines;
    }

    /// <summary>A user as a source, with the node it is on when it is still here.</summary>
    private static string Source(string user, ChatState after) =>
        after.FindUser(user) is { } client ? W.Source(user, client.Id) : $"{user}!{user}@{IrcLines.Server}";

    private static List<string> Names(string nick, Room? room, string channel, ChatState after)
    {
        var names = room is null ? [] : room.Members.Select(m => (m.Id == room.Leader ? "@" : "") + after.NameOf(m.Id));
        return [W.Numeric("353", nick, "=", channel, string.Join(' ', names)), W.Numeric("366", nick, channel, IrcLines.EndOfNames)];
    }

    /// <summary>The new leader is the channel's operator; a former leader still there is not any more.</summary>
    private static List<string> Leader(LeaderChanged changed, ChatState after)
    {
        var channel = W.Channel(changed.Room);
        var lines = new List<string>(2);
        if (changed.Former is { } former && after.FindRoom(changed.Room) is { } room && room.Members.Any(m => after.NameOf(m.Id) == former))
            lines.Add(W.Tags(changed.At) + $":{IrcLines.Server} MODE {channel} -o {former}");
        lines.Add(W.Tags(changed.At) + $":{IrcLines.Server} MODE {channel} +o {changed.User}");
        return lines;
    }

    /// <summary>A chat line as the PRIVMSG it was; an action (<c>/me</c>) as CTCP ACTION.</summary>
    private static string Chat(Said said, string? batch) =>
        W.Tags(said.At, batch) + W.Message($":{W.Source(said.User, said.Who)} PRIVMSG", W.Channel(said.Room),
            said.Action ? $"\u0001ACTION {said.Text}\u0001" : said.Text);

    private IReadOnlyList<string> Answer(Answered answered, ChatState after)
    {
        var nick = NickOf(answered.Who, after);
        return answered.Answer switch
        {
            AlreadyInRoom => [], // JOIN of the channel one is in: nothing happens, as on any IRC server
            RoomNameRefused refused => [W.Numeric("403", nick, W.Channel(refused.Room), text.Answer(refused)[0])],
            NotInThatRoom { Saying: true } elsewhere => [W.Numeric("404", nick, W.Channel(elsewhere.Room), IrcLines.CannotSendToChannel)],
            NotInThatRoom elsewhere => [W.Numeric("442", nick, W.Channel(elsewhere.Room), IrcLines.NotOnChannel)],
            JoinARoomFirst => [W.Numeric("442", nick, "*", ServerLines.JoinARoomFirst.Render())],
            RoomMembers { Detailed: true } members => Who(nick, members, after),
            RoomMembers members => Names(nick, after.FindRoom(members.Room), W.Channel(members.Room), after),
            RoomList list =>
            [
                W.Numeric("321", nick, "Channel", IrcLines.ListStart),
                .. list.Rooms.Select(r => W.Numeric("322", nick, W.Channel(r.Room), W.Number(r.Members), "")),
                W.Numeric("323", nick, IrcLines.EndOfList),
            ],
            HistoryLines history => History(history, answered.At),
            TopicOf { OnJoin: true } => [], // shown with the JOIN, before the names
            TopicOf of => TopicLines(nick, W.Channel(of.Room), of.Topic),
            OnlyTheLeader only => [W.Numeric("482", nick, W.Channel(only.Room), text.Answer(only)[0])],
            NotInRoom absent => [W.Numeric("441", nick, absent.User, W.Channel(absent.Room), text.Answer(absent)[0])],
            NoSuchUser nobody => [W.Numeric("401", nick, nobody.User, text.Answer(nobody)[0])],
            MayNotRejoinYet wait => [W.Numeric("474", nick, W.Channel(wait.Room), text.Answer(wait)[0])],
            var other => [.. text.Answer(other).Select(line => Notice(nick, line))],
        };
    }

    /// <summary>WHO: one 352 per member (<c>H</c>ere, <c>@</c> for the leader), then 315.</summary>
    private static List<string> Who(string nick, RoomMembers members, ChatState after)
    {
        var channel = W.Channel(members.Room);
        var lines = new List<string>(members.Names.Count + 1);
        if (after.FindRoom(members.Room) is { } room)
        {
            foreach (var member in room.Members)
            {
                var name = after.NameOf(member.Id);
                lines.Add(W.Numeric("352", nick, channel, name, member.Id.Node, IrcLines.Server, name, member.Id == room.Leader ? "H@" : "H", "0 " + name));
            }
        }
        lines.Add(W.Numeric("315", nick, channel, IrcLines.EndOfWho));
        return lines;
    }

    /// <summary>The room's history as the PRIVMSGs they were, with their time, inside a <c>chathistory</c> batch.</summary>
    private static List<string> History(HistoryLines history, Stamp at)
    {
        var batch = "h" + W.Number((int)(at.Position % int.MaxValue));
        var lines = new List<string>(history.Lines.Count + 2) { W.Tags(at) + $":{IrcLines.Server} BATCH +{batch} chathistory {W.Channel(history.Room)}" };
        foreach (var said in history.Lines) lines.Add(Chat(said, batch));
        lines.Add(W.Tags(at) + $":{IrcLines.Server} BATCH -{batch}");
        return lines;
    }

    private static string Refusal(LineRefused refused, ChatState after)
    {
        var nick = NickOf(refused.Who, after);
        return refused.Why switch
        {
            LineTooLong => W.Numeric("417", nick, IrcLines.InputTooLong),
            NoUsernameInTime late => W.FromServer("ERROR", $"{IrcLines.NoRegistrationInTime}: {TextCodec.Refusal(late)}"),
            { EndsConnection: true } why => W.FromServer("ERROR", TextCodec.Refusal(why)),
            var why => Notice(nick, TextCodec.Refusal(why)),
        };
    }

    private static string Notice(string nick, string line) => W.FromServer("NOTICE", nick, line);

    private static string NickOf(ConnectionId? who, ChatState after) => who is { } id && after.Find(id)?.Username is { } nick ? nick : "*";

    private static IReadOnlyList<OutboundLine> Lines(IReadOnlyList<string> lines)
    {
        if (lines.Count == 0) return Nothing;
        var rendered = new OutboundLine[lines.Count];
        for (int i = 0; i < rendered.Length; i++) rendered[i] = new OutboundLine(lines[i]);
        return rendered;
    }
}
