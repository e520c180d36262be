using System.Globalization;
using RxChat.Protocol;
using RxChat.Server.Core;
using L = RxChat.Protocol.ServerLines;

namespace RxChat.Server.Protocol;

/// <summary>
/// PROTOCOL.md Parts 1-3: reads lines (<see cref="CommandParser"/>) and renders events as
/// lines, with the wording of <see cref="ServerLines"/> and times in the display time zone.
/// The core decides what happened; only this says it in English. One rendering serves every
/// recipient of a delivery.
/// </summary>
/// <param name="announceLeaders">PROTOCOL.md Part 3: leader announcements are an extra line a server may turn off.</param>
public sealed class TextCodec(TimeZoneInfo zone, bool announceLeaders = true) : IChatCodec
{
    private static readonly IReadOnlyList<string> Silence = [];
    private static readonly IReadOnlyList<OutboundLine> NoLines = [];

    /// <summary>A line is a command; the first non-blank one is the username. A password comes on a line of its own.</summary>
    public Inbound Read(string frame, bool awaitingLogin) => new(CommandParser.Parse(frame, isFirst: awaitingLogin));

    /// <summary>The whole line, trimmed like any other.</summary>
    public string ReadPassword(string frame) => frame.Trim();

    /// <summary>The lines <paramref name="audience"/> is told about <paramref name="e"/>, in order (often one, sometimes none).</summary>
    public IReadOnlyList<string> Render(ChatEvent e, Audience audience) => e switch
    {
        LoggedIn => [L.Welcome.Render()],
        LoginRefused refused => [UsernameRefusal(refused)],
        JoinedRoom joined => audience == Audience.Subject
            ? [L.JoinedRoom.Render(joined.Room)]
            : [L.Joined.Render(Time(e), joined.User)],
        LeftRoom left => audience == Audience.Subject ? Silence : [L.Left.Render(Time(e), left.User, left.Room)], // the leaver knows
        Said said => [Chat(said)],
        Told told => [L.DirectMessage.Render(Time(e), told.User, told.ToUser, told.Text)],
        TopicSet set => [L.TopicSet.Render(Time(e), set.User, set.Room, set.Topic)],
        Removed removed => [Removal(removed, audience)],
        LeaderChanged changed => announceLeaders ? [L.NowLeader.Render(Time(e), changed.User, changed.Room)] : Silence,
        Answered answered => Answer(answered.Answer),
        LineRefused refused => [Refusal(refused.Why)],
        NodeShuttingDown => [L.ShuttingDown.Render()],
        PasswordAsked asked => asked.InClear
            ? [L.PasswordInClear.Render(), L.PasswordFor.Render(asked.User)]
            : [L.PasswordFor.Render(asked.User)],
        AccountCreated created => created.InClear
            ? [L.AccountCreated.Render(created.User), L.PasswordInClear.Render()]
            : [L.AccountCreated.Render(created.User)],
        PasswordChanged => [L.PasswordChanged.Render()],
        NodeLost => [L.CutOff.Render()],
        _ => Silence, // connected, gone: nothing to say (the connection closes)
    };

    IReadOnlyList<OutboundLine> IChatCodec.Render(ChatEvent e, Audience audience, ChatState after) => Lines(Render(e, audience));

    IReadOnlyList<OutboundLine> IChatCodec.RenderAnswer(Answered answered, ChatState after) => Lines(Answer(answered.Answer));

    private static IReadOnlyList<OutboundLine> Lines(IReadOnlyList<string> lines)
    {
        if (lines.Count == 0) return NoLines;
        var rendered = new OutboundLine[lines.Count];
        for (int i = 0; i < rendered.Length; i++) rendered[i] = new OutboundLine(lines[i]);
        return rendered;
    }

    /// <summary>The text protocol shows members only when asked (<c>/who</c>).</summary>
    IReadOnlyList<OutboundLine> IChatCodec.Members(Room room, ChatState after, Stamp at) => NoLines;

    /// <summary>The server's own line, as it is.</summary>
    public OutboundLine Notice(string text) => new(text);

    /// <summary>A chat line (or an action) as broadcast, and as replayed from history: the same bytes, original time included.</summary>
    private string Chat(Said said) => said.Action
        ? L.Action.Render(Time(said), said.User, said.Text)
        : L.Chat.Render(Time(said), said.User, said.Text);

    /// <summary>The removed user hears who removed them; the room hears who was removed, and by whom.</summary>
    private string Removal(Removed removed, Audience audience) => (audience, removed.Reason) switch
    {
        (Audience.Subject, null) => L.YouWereRemoved.Render(removed.Room, removed.Leader),
        (Audience.Subject, { } reason) => L.YouWereRemovedBecause.Render(removed.Room, removed.Leader, reason),
        (_, null) => L.WasRemoved.Render(Time(removed), removed.User, removed.Room, removed.Leader),
        (_, { } reason) => L.WasRemovedBecause.Render(Time(removed), removed.User, removed.Room, removed.Leader, reason),
    };

    /// <summary>The lines that answer a command (also the text of the structured protocol's <c>reply</c>).</summary>
    public IReadOnlyList<string> Answer(Answer answer) => answer switch
    {
        UserList users => [L.Users.Render(string.Join(L.NameSeparator, users.Names))],
        CurrentRoom { Room: { } room } => [L.InRoom.Render(room)],
        CurrentRoom => [L.NotInAnyRoom.Render()],
        RoomLeader { Room: { } room, Leader: { } leader } => [L.LeaderOf.Render(room, leader)],
        RoomLeader => [L.NoLeader.Render()],
        Usage { Command: CommandName.Join } => [L.JoinUsage.Render()],
        Usage { Command: CommandName.Register } => [L.RegisterUsage.Render()],
        Usage { Command: CommandName.Password } => [L.PasswordUsage.Render()],
        Usage { Command: CommandName.Msg } => [L.MsgUsage.Render()],
        Usage { Command: CommandName.Me } => [L.MeUsage.Render()],
        Usage { Command: CommandName.Kick } => [L.KickUsage.Render()],
        Usage => [L.HistoryUsage.Render()],
        TopicOf { Topic: { } topic } of => [L.TopicOf.Render(of.Room, topic.Text)],
        TopicOf of => [L.NoTopic.Render(of.Room)],
        OnlyTheLeader only => [L.OnlyTheLeader.Render(only.Room)],
        NotInRoom not => [L.NotInRoom.Render(not.User, not.Room)],
        NoSuchUser nobody => [L.NoSuchUser.Render(nobody.User)],
        MayNotRejoinYet wait => [L.MayNotRejoinYet.Render(wait.Room, wait.Seconds.ToString(CultureInfo.InvariantCulture))],
        AlreadyRegistered registered => [L.AlreadyRegistered.Render(registered.User)],
        PasswordChangedMeanwhile => [L.PasswordChangedMeanwhile.Render()],
        LooksLikeRegistered looksLike => [L.LooksLikeRegistered.Render(looksLike.User)],
        AccountsFull full => [L.AccountsFull.Render(Number(full.Max))],
        RegistrationsPaused paused => [L.RegistrationsPaused.Render(WholeSeconds(paused.Wait))],
        RegisterAgain => [L.RegisterAgain.Render()],
        NotACommand => [L.UnknownCommand.Render()],
        AlreadyInRoom already => [L.AlreadyInRoom.Render(already.Room)],
        RoomNameRefused refused => [RoomNameRefusal(refused)],
        JoinARoomFirst => [L.JoinARoomFirst.Render()],
        NotInThatRoom elsewhere => [L.NotInThatRoom.Render(elsewhere.Room)],
        RoomList { Rooms.Count: 0, LeftOut: 0 } => [L.NoRooms.Render()],
        RoomList list => [L.Rooms.Render(string.Join(L.NameSeparator, RoomEntries(list)))],
        RoomMembers members => [L.Members.Render(members.Room, string.Join(L.NameSeparator,
            members.Names.Select(name => name == members.Leader ? L.LeaderEntry.Render(name) : name)))],
        HistoryLines { Lines.Count: 0 } history => [L.NoHistory.Render(history.Room)],
        HistoryLines history => History(history),
        CommandList => L.Help,
        MissedLines missed => Answer(new HistoryLines(missed.Room, missed.Lines)), // only the structured protocol resumes
        _ => throw new ArgumentOutOfRangeException(nameof(answer), answer, "an answer the text protocol cannot say"),
    };

    /// <summary>Each room named, then how many were left out, if any.</summary>
    private static IEnumerable<string> RoomEntries(RoomList list)
    {
        foreach (var r in list.Rooms) yield return L.RoomEntry.Render(r.Room, Number(r.Members));
        if (list.LeftOut > 0) yield return L.RoomsLeftOut.Render(Number(list.LeftOut));
    }

    private IReadOnlyList<string> History(HistoryLines history)
    {
        var lines = new List<string>(history.Lines.Count + 2)
        {
            history.Lines.Count == 1
                ? L.HistoryStartOne.Render(history.Room)
                : L.HistoryStart.Render(history.Lines.Count.ToString(CultureInfo.InvariantCulture), history.Room),
        };
        foreach (var said in history.Lines) lines.Add(Chat(said));
        lines.Add(L.HistoryEnd.Render());
        return lines;
    }

    public static string UsernameRefusal(LoginRefused refused) => refused.Problem switch
    {
        NameProblem.Empty => L.UsernameEmpty.Render(),
        NameProblem.TooLong => L.UsernameTooLong.Render(Number(refused.MaxLength)),
        NameProblem.ControlCharacters => L.UsernameHasControlCharacters.Render(),
        NameProblem.InvisibleCharacters => L.UsernameHasInvisibleCharacters.Render(),
        NameProblem.Ambiguous => L.UsernameAmbiguous.Render(),
        NameProblem.WrongPassword => L.WrongPassword.Render(),
        NameProblem.NotRegistered => L.NotRegistered.Render(refused.Name),
        NameProblem.AccountChanged => L.AccountChanged.Render(refused.Name),
        NameProblem.LooksLikeRegistered => L.LooksLikeRegistered.Render(refused.Name),
        _ => L.UsernameTaken.Render(refused.Name),
    };

    private static string RoomNameRefusal(RoomNameRefused refused) => refused.Problem switch
    {
        NameProblem.TooLong => L.RoomNameTooLong.Render(Number(refused.MaxLength)),
        NameProblem.ControlCharacters => L.RoomNameHasControlCharacters.Render(),
        _ => L.RoomNameHasInvisibleCharacters.Render(),
    };

    /// <summary>Why a line was refused (also the text of the structured protocol's <c>error</c>).</summary>
    public static string Refusal(Refusal why) => why switch
    {
        LineTooLong tooLong => L.LineTooLong.Render(Number(tooLong.MaxBytes)),
        SlowDown => L.SlowDown.Render(),
        Flooding => L.Flooding.Render(),
        PasswordTooShort tooShort => L.PasswordTooShort.Render(Number(tooShort.MinLength)),
        WrongOldPassword => L.WrongOldPassword.Render(),
        NoAccount => L.NoAccount.Render(),
        TooManyWrongPasswords wait => L.TooManyWrongPasswords.Render(WholeSeconds(wait.Wait)),
        ServerBusy => L.ServerBusy.Render(),
        NoUsernameInTime late => L.NoUsernameInTime.Render(Seconds(late.Timeout)),
        PasswordNeedsTls needsTls => L.PasswordNeedsTls.Render(Number(needsTls.TlsPort)),
        NoPasswordInTime late => L.NoPasswordInTime.Render(Seconds(late.Timeout)),
        IdleTooLong idle => L.IdleTooLong.Render(Seconds(idle.Timeout)),
        _ => throw new ArgumentOutOfRangeException(nameof(why), why, "a refusal the text protocol cannot say"),
    };

    private string Time(ChatEvent e) => L.Time(TimeZoneInfo.ConvertTime(e.At.Time, zone));

    private static string Seconds(TimeSpan timeout) => timeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);

    /// <summary>A wait in whole seconds, rounded up: never "0 s" while there is still a wait.</summary>
    private static string WholeSeconds(TimeSpan wait) => ((long)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);

    private static string Number(int n) => n.ToString(CultureInfo.InvariantCulture);
}
