using RxChat.Protocol;

namespace RxChat.Client.Lines;

/// <summary>
/// Recognises the server's lines through the very shapes the server renders them with
/// (<see cref="ServerLines"/>), so the wording cannot drift between the two ends.
/// Pure: the same line always gives the same <see cref="ServerLine"/>. Lines inside a
/// history frame need one piece of state across lines: see <see cref="LineReading"/>.
/// </summary>
/// <remarks>
/// The protocol is text for people, so some lines are ambiguous. The rules, in order:
/// <list type="bullet">
/// <item>Chat is tried first among stamped lines, because its text is whatever a user
/// typed: <c>[T] bob: alice is now the leader of main</c> is bob speaking, never an
/// announcement, so nobody can forge a system line by typing one.</item>
/// <item>A hole matches as little as it can, so the first <c>": "</c> ends a chat line's
/// name (a username with brackets, <c>[T] [admin]: hi</c>, is still a name), and a room
/// containing <c>": "</c> is cut there in <c>Leader of room …</c> and <c>Members of …</c>.</item>
/// <item>Anything unrecognised is a plain reply: shown, never dropped.</item>
/// </list>
/// </remarks>
internal static class ServerLineClassifier
{
    /// <summary>A stamped line of a kind this client does not know yet: the stamp can still be shown dim.</summary>
    private static readonly LineShape Stamped = new($"[{ServerLines.TimeHole}] {{rest}}");

    /// <summary>Every line shape the client tells apart, and what it makes of a match, in the order they are tried.</summary>
    private static readonly (LineShape Shape, Func<string, string[], ServerLine> Read)[] Readings =
    [
        // Their names cannot hold a space or ':' (ServerLines), so no chat line reads as one of
        // these, while each of these would otherwise read as chat: so they go first.
        (ServerLines.DirectMessage, (text, v) => new(LineKind.DirectMessage, text) { Time = v[0], User = v[1], To = v[2], Message = v[3] }),
        (ServerLines.Action, (text, v) => new(LineKind.Action, text) { Time = v[0], User = v[1], Message = v[2] }),
        (ServerLines.TopicSet, (text, v) => new(LineKind.Topic, text) { Time = v[0], User = v[1], Room = v[2], Message = v[3] }),
        (ServerLines.WasRemovedBecause, (text, v) => new(LineKind.Removed, text) { Time = v[0], User = v[1], Room = v[2] }),
        (ServerLines.WasRemoved, (text, v) => new(LineKind.Removed, text) { Time = v[0], User = v[1], Room = v[2] }),
        (ServerLines.Chat, (text, v) => new(LineKind.Chat, text) { Time = v[0], User = v[1], Message = v[2] }),
        (ServerLines.Joined, (text, v) => new(LineKind.Joined, text) { Time = v[0], User = v[1] }),
        (ServerLines.Left, (text, v) => new(LineKind.Left, text) { Time = v[0], User = v[1], Room = v[2] }),
        (ServerLines.NowLeader, (text, v) => new(LineKind.NowLeader, text) { Time = v[0], User = v[1], Room = v[2] }),

        (ServerLines.Welcome, (text, _) => new(LineKind.Welcome, text)),
        (ServerLines.ShuttingDown, (text, _) => new(LineKind.ServerShutdown, text)),
        (ServerLines.CutOff, (text, _) => new(LineKind.ServerShutdown, text)),
        (ServerLines.Users, (text, v) => new(LineKind.Users, text) { Users = v[0].Split(ServerLines.NameSeparator) }),
        (ServerLines.Members, Members),
        (ServerLines.Rooms, Rooms),
        (ServerLines.NoRooms, (text, _) => new(LineKind.Rooms, text)),
        (ServerLines.LeaderOf, (text, v) => new(LineKind.Leader, text) { Room = v[0], User = v[1] }),
        (ServerLines.JoinedRoom, RoomReply),
        (ServerLines.InRoom, RoomReply),
        (ServerLines.AlreadyInRoom, RoomReply),
        (ServerLines.NotInAnyRoom, (text, _) => new(LineKind.RoomReply, text)),
        (ServerLines.NoLeader, (text, _) => new(LineKind.RoomReply, text)),

        (ServerLines.TopicOf, (text, v) => new(LineKind.Topic, text) { Room = v[0], Message = v[1] }),
        (ServerLines.NoTopic, (text, v) => new(LineKind.Topic, text) { Room = v[0] }),
        (ServerLines.YouWereRemovedBecause, (text, v) => new(LineKind.Removed, text) { Room = v[0] }),
        (ServerLines.YouWereRemoved, (text, v) => new(LineKind.Removed, text) { Room = v[0] }),

        (ServerLines.HistoryStart, (text, v) => new(LineKind.HistoryFrame, text) { Count = int.TryParse(v[0], out var n) ? n : 0, Room = v[1] }),
        (ServerLines.HistoryStartOne, (text, v) => new(LineKind.HistoryFrame, text) { Count = 1, Room = v[0] }),
        (ServerLines.HistoryEnd, (text, _) => new(LineKind.HistoryFrame, text)),
        (ServerLines.NoHistory, (text, v) => new(LineKind.HistoryFrame, text) { Room = v[0] }),

        (ServerLines.PasswordFor, (text, v) => new(LineKind.PasswordPrompt, text) { User = v[0] }),
        // A wrong password is as permanent as a refused name: the same password would be wrong again.
        .. Every(LineKind.LoginRefused,
            ServerLines.UsernameTaken, ServerLines.UsernameEmpty, ServerLines.UsernameTooLong,
            ServerLines.UsernameHasControlCharacters, ServerLines.UsernameHasInvisibleCharacters, ServerLines.UsernameAmbiguous,
            ServerLines.WrongPassword, ServerLines.NotRegistered, ServerLines.TooManyWrongPasswords, ServerLines.LooksLikeRegistered,
            ServerLines.PasswordNeedsTls), // before the welcome: the same connection would be refused again; after it (/register), an error
        .. Every(LineKind.Error, ServerLines.ProxyHeaderNotTrusted, ServerLines.ProxyHeaderExpected),
        .. Every(LineKind.Reply, ServerLines.AccountCreated, ServerLines.PasswordChanged),
        .. Every(LineKind.Error,
            ServerLines.UnknownCommand, ServerLines.JoinUsage, ServerLines.JoinARoomFirst, ServerLines.HistoryUsage,
            ServerLines.RoomNameTooLong, ServerLines.RoomNameHasControlCharacters, ServerLines.RoomNameHasInvisibleCharacters,
            ServerLines.LineTooLong, ServerLines.SlowDown, ServerLines.Flooding, ServerLines.NoUsernameInTime,
            ServerLines.ServerFull, ServerLines.NotStored,
            ServerLines.PasswordInClear, ServerLines.AccountChanged, ServerLines.AlreadyRegistered, ServerLines.PasswordTooShort,
            ServerLines.WrongOldPassword, ServerLines.PasswordChangedMeanwhile, ServerLines.NoAccount,
            ServerLines.RegisterUsage, ServerLines.PasswordUsage, ServerLines.NoPasswordInTime,
            ServerLines.ServerBusy, ServerLines.AccountsFull, ServerLines.RegistrationsPaused, ServerLines.RegisterAgain),
        .. Every(LineKind.Error,
            ServerLines.NoSuchUser, ServerLines.MsgUsage, ServerLines.MeUsage, ServerLines.KickUsage,
            ServerLines.OnlyTheLeader, ServerLines.NotInRoom, ServerLines.MayNotRejoinYet),
        .. Every(LineKind.Error,
            ServerLines.TooManyConnectionsFromAddress, ServerLines.TooManyNewConnectionsFromAddress, ServerLines.IdleTooLong),
        // Said only to a protocol that names the room it means (IRC); read here like any refusal.
        (ServerLines.NotInThatRoom, (text, _) => new(LineKind.Error, text)),
        (ServerLines.LogUnreachable, (text, _) => new(LineKind.Error, text)),
        (ServerLines.LogBack, (text, _) => new(LineKind.Reply, text)),
    ];

    /// <summary>One line on its own, as if no history frame were open.</summary>
    public static ServerLine Classify(string received)
    {
        var text = TerminalText.Clean(received);
        foreach (var (shape, read) in Readings)
            if (shape.TryMatch(text, out var values))
                return read(text, values) with { Shape = shape };

        // A stamp we cannot read further (a newer server's line): keep the stamp dim at least.
        return Stamped.TryMatch(text, out var stamp)
            ? new(LineKind.Reply, text) { Time = stamp[0] }
            : new(LineKind.Reply, text);
    }

    private static ServerLine RoomReply(string text, string[] values) => new(LineKind.RoomReply, text) { Room = values[0] };

    private static IEnumerable<(LineShape, Func<string, string[], ServerLine>)> Every(LineKind kind, params LineShape[] shapes) =>
        shapes.Select(shape => (shape, (Func<string, string[], ServerLine>)((text, _) => new(kind, text))));

    /// <summary><c>Members of main: alice (leader), bob</c>: the names in order, the leader's without its mark.</summary>
    private static ServerLine Members(string text, string[] values)
    {
        var names = values[1].Split(ServerLines.NameSeparator);
        string? leader = null;
        var at = Array.FindIndex(names, ServerLines.LeaderEntry.Matches);
        if (at >= 0 && ServerLines.LeaderEntry.TryMatch(names[at], out var marked)) names[at] = leader = marked[0];
        return new(LineKind.Members, text) { Room = values[0], Users = names, User = leader };
    }

    /// <summary>
    /// <c>Rooms: dev (1), main (3)</c>: each room and its count (a last <c>410 more</c> says how
    /// many the server left out); a list that does not read so stays plain.
    /// </summary>
    private static ServerLine Rooms(string text, string[] values)
    {
        var rooms = new List<RoomSize>();
        var entries = values[0].Split(ServerLines.NameSeparator);
        string? more = null;
        for (int i = 0; i < entries.Length; i++)
        {
            if (i == entries.Length - 1 && ServerLines.RoomsLeftOut.Matches(entries[i])) { more = entries[i]; break; }
            if (!ServerLines.RoomEntry.TryMatch(entries[i], out var room)) return new(LineKind.Rooms, text);
            rooms.Add(new(room[0], room[1]));
        }
        return new(LineKind.Rooms, text) { Rooms = rooms, MoreRooms = more };
    }
}
