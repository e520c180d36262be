namespace RxChat.Protocol;

/// <summary>
/// Every line the server sends, exactly as PROTOCOL.md spells it: the one place the wording
/// lives. The server's text codec renders events with these shapes; the client recognises
/// what it receives with the same shapes. Part 1 lines are the original server's bytes and
/// must never change.
/// </summary>
public static class ServerLines
{
    /// <summary>The clock of a broadcast: <c>HH:MM:SS</c>, 24-hour.</summary>
    public const string TimeHole = @"{time:\d\d:\d\d:\d\d}";

    // Part 1: the compatible core.
    public static readonly LineShape Welcome = new("Welcome to the chat server!");
    public static readonly LineShape Users = new("Users: {names}");
    public static readonly LineShape InRoom = new("You are in room {room}");
    public static readonly LineShape NotInAnyRoom = new("You are not in any room");
    public static readonly LineShape JoinUsage = new("Usage: /join <room>");
    public static readonly LineShape JoinedRoom = new("You joined room {room}");
    public static readonly LineShape LeaderOf = new("Leader of room {room:.+}: {user}"); // a room may contain ": ", a name rarely does: split at the last one
    public static readonly LineShape NoLeader = new("No leader (join a room first)");
    public static readonly LineShape UnknownCommand = new("Unknown command");
    public static readonly LineShape JoinARoomFirst = new("Join a room first using /join <room>");
    public static readonly LineShape Chat = new($"[{TimeHole}] {{user}}: {{text}}");
    public static readonly LineShape Joined = new($"[{TimeHole}] {{user}} joined the room");
    public static readonly LineShape Left = new($"[{TimeHole}] {{user}} left the room {{room}}");

    /// <summary>How <see cref="Users"/> separates names.</summary>
    public const string NameSeparator = ", ";

    // Part 2: where RxChat answers instead of misbehaving.
    public static readonly LineShape AlreadyInRoom = new("You are already in room {room}");
    public static readonly LineShape ShuttingDown = new("Server is shutting down");
    public static readonly LineShape ServerFull = new("Server is full");
    public static readonly LineShape UsernameTaken = new("Username \"{user}\" is already in use");
    public static readonly LineShape UsernameEmpty = new("Username must not be empty");
    public static readonly LineShape UsernameTooLong = new("Username too long (max {max} characters)");
    public static readonly LineShape UsernameHasControlCharacters = new("Username must not contain control characters");
    public static readonly LineShape UsernameHasInvisibleCharacters = new("Username must not contain invisible characters");
    public static readonly LineShape UsernameAmbiguous = new("Username must not contain spaces or ':'");
    public static readonly LineShape RoomNameTooLong = new("Room name too long (max {max} characters)");
    public static readonly LineShape RoomNameHasControlCharacters = new("Room name must not contain control characters");
    public static readonly LineShape RoomNameHasInvisibleCharacters = new("Room name must not contain invisible characters");
    public static readonly LineShape LineTooLong = new("Line too long (max {max} bytes)");
    public static readonly LineShape SlowDown = new("Slow down");
    public static readonly LineShape Flooding = new("Too many lines: disconnected");
    public static readonly LineShape NoUsernameInTime = new("No username within {seconds} s: disconnected");
    public static readonly LineShape NotStored = new("Not delivered: the server could not store it");

    // Part 2, limits per address and on silence (each said once, then the connection closes).
    public static readonly LineShape TooManyConnectionsFromAddress = new("Too many connections from your address (max {max})");
    public static readonly LineShape TooManyNewConnectionsFromAddress = new("Too many new connections from your address (max {max} per minute)");
    public static readonly LineShape IdleTooLong = new("Nothing received for {seconds} s: disconnected");

    // Part 2, proxies (docs/operations.md, "Behind a proxy"): a PROXY protocol header from a peer
    // that may not send one, or none from a peer that must.
    public static readonly LineShape ProxyHeaderNotTrusted = new("PROXY protocol header refused: {address} is not a trusted proxy");
    public static readonly LineShape ProxyHeaderExpected = new("Expected a PROXY protocol header: {reason}");

    // Part 2, a node of a cluster: its log (NATS) is unreachable, then back (README, "More than one server").
    public static readonly LineShape LogUnreachable = new("The chat's log is unreachable: your lines are not delivered until it is back");
    public static readonly LineShape LogBack = new("The chat's log is back: your lines are delivered again");

    // Part 3: extensions.
    public static readonly LineShape NowLeader = new($"[{TimeHole}] {{user}} is now the leader of {{room}}");
    public static readonly LineShape HistoryStartOne = new("--- 1 earlier message in {room} ---");
    public static readonly LineShape HistoryStart = new(@"--- {count:\d+} earlier messages in {room} ---");
    public static readonly LineShape HistoryEnd = new("--- end of history ---");
    public static readonly LineShape NoHistory = new("No earlier messages in {room}");
    public static readonly LineShape HistoryUsage = new("Usage: /history [n]");
    public static readonly LineShape Rooms = new("Rooms: {rooms}");
    public static readonly LineShape NoRooms = new("No rooms yet");
    public static readonly LineShape Members = new("Members of {room:.+}: {members}");
    public static readonly LineShape NotInThatRoom = new("You are not in room {room}");

    // Part 3: accounts.
    public static readonly LineShape PasswordFor = new("Password for {user}:");
    public static readonly LineShape PasswordInClear = new("Warning: this connection is not encrypted; your password travels in clear");
    public static readonly LineShape PasswordNeedsTls = new(@"Passwords are not accepted over an unencrypted connection: connect with TLS, to port {port:\d+}");
    public static readonly LineShape AccountCreated = new("Account created for {user}");
    public static readonly LineShape PasswordChanged = new("Password changed");
    public static readonly LineShape WrongPassword = new("Wrong password");
    public static readonly LineShape AlreadyRegistered = new("{user} is already registered");
    public static readonly LineShape NotRegistered = new("Only registered users may log in here, and {user} has no account");
    public static readonly LineShape AccountChanged = new("The account {user} changed meanwhile: log in again");
    public static readonly LineShape PasswordTooShort = new(@"Password too short (min {min:\d+} characters)");
    public static readonly LineShape WrongOldPassword = new("Password not changed: wrong password");
    public static readonly LineShape PasswordChangedMeanwhile = new("Password not changed: it changed meanwhile, try again");
    public static readonly LineShape NoAccount = new("You have no account: /register <password> makes one");
    public static readonly LineShape TooManyWrongPasswords = new(@"Too many wrong passwords from your address: try again in {seconds:\d+} s");
    public static readonly LineShape NoPasswordInTime = new("No password within {seconds} s: disconnected");
    public static readonly LineShape RegisterUsage = new("Usage: /register <password>");
    public static readonly LineShape PasswordUsage = new("Usage: /password <old> <new>");
    public static readonly LineShape ServerBusy = new("Server busy, try again in a moment");
    public static readonly LineShape LooksLikeRegistered = new("Username \"{user}\" looks like a registered name");
    public static readonly LineShape AccountsFull = new(@"No more accounts can be made here (max {max:\d+})");
    public static readonly LineShape RegistrationsPaused = new(@"Too many new accounts lately: try again in {seconds:\d+} s");
    public static readonly LineShape RegisterAgain = new("Account not created: try again");

    // Part 3: direct messages, actions, topics and the leader's powers. These stamped lines read a
    // name as a name can be (no space, no ':'), so no chat line's text can pass for one of them.
    private const string NamePattern = @":[^\s:]+";
    public static readonly LineShape DirectMessage = new($"[{TimeHole}] {{from{NamePattern}}} -> {{to{NamePattern}}}: {{text}}");
    public static readonly LineShape NoSuchUser = new("No user named {user}");
    public static readonly LineShape MsgUsage = new("Usage: /msg <user> <text>");
    public static readonly LineShape Action = new($"[{TimeHole}] * {{user{NamePattern}}} {{action}}");
    public static readonly LineShape MeUsage = new("Usage: /me <action>");
    public static readonly LineShape TopicOf = new("Topic of {room}: {topic}"); // a topic says ": " more often than a room name does: split at the first one
    public static readonly LineShape NoTopic = new("No topic set for {room}");
    public static readonly LineShape TopicSet = new($"[{TimeHole}] {{user{NamePattern}}} set the topic of {{room}}: {{topic}}");
    public static readonly LineShape OnlyTheLeader = new("Only the leader of {room} can do that");
    public static readonly LineShape YouWereRemoved = new($"You were removed from {{room}} by {{leader{NamePattern}}}");
    public static readonly LineShape YouWereRemovedBecause = new($"You were removed from {{room}} by {{leader{NamePattern}}}: {{reason}}");
    public static readonly LineShape WasRemoved = new($"[{TimeHole}] {{user{NamePattern}}} was removed from {{room}} by {{leader{NamePattern}}}");
    public static readonly LineShape WasRemovedBecause = new($"[{TimeHole}] {{user{NamePattern}}} was removed from {{room}} by {{leader{NamePattern}}}: {{reason}}");
    public static readonly LineShape MayNotRejoinYet = new(@"You were removed from {room}: you may join it again in {seconds:\d+} s");
    public static readonly LineShape NotInRoom = new("{user} is not in {room}");
    public static readonly LineShape KickUsage = new("Usage: /kick <user> [reason]");

    // Part 3, several servers: said by a server the others declared lost (it was cut off, not dead) as it hangs up.
    public static readonly LineShape CutOff = new("This server was cut off from the chat: please reconnect and log in again");

    // Part 4: a frame that is no message the chat knows, said in an error object (the text protocol has no frames to get wrong).
    public static readonly LineShape NotAnObject = new("Expected one JSON object in a text frame");
    public static readonly LineShape UnknownMessageType = new("Unknown message type (expected login, send or resume)");
    public static readonly LineShape MissingField = new("Message is missing a field");
    public static readonly LineShape LogInFirst = new("Log in first");
    public static readonly LineShape AlreadyLoggedIn = new("Already logged in");
    // The answer (HTTP 403) to a WebSocket handshake from a page of another site.
    public static readonly LineShape ForwardedForMalformed = new("X-Forwarded-For from a trusted proxy is not a list of addresses: {value}");
    public static readonly LineShape OriginNotAllowed = new("WebSocket from origin {origin} refused: only this site's own pages (and RxChat:Web:AllowedOrigins) may connect");
    // Why a connection was cut off for not reading what it is sent: the reason its lines end with
    // (and the journal says), not a line it is sent.
    public static readonly LineShape TooSlow = new("too slow: more than {max} bytes waiting to be sent");
    public static readonly LineShape OverBudget = new("too slow: the server's {max} bytes for waiting lines are full, and it was furthest behind");

    /// <summary>A room in <see cref="Rooms"/>: its name and member count.</summary>
    public static readonly LineShape RoomEntry = new(@"{room} ({count:\d+})");

    /// <summary>The last entry of <see cref="Rooms"/> when there are more rooms than it names: how many it left out.</summary>
    public static readonly LineShape RoomsLeftOut = new(@"{count:\d+} more");

    /// <summary>The leader in <see cref="Members"/>.</summary>
    public static readonly LineShape LeaderEntry = new("{user} (leader)");

    /// <summary>The answer to <c>/help</c>, one line per command.</summary>
    public static readonly IReadOnlyList<string> Help =
    [
        "Commands:",
        "  /join <room>            join a room (it is created if it does not exist); leaves your room",
        "  /room                   which room you are in",
        "  /who                    the members of your room, the leader marked",
        "  /rooms                  every room with its number of members",
        "  /users                  everyone connected",
        "  /leader                 the leader of your room",
        "  /history [n]            the last chat lines of your room (20 unless you say how many)",
        "  /msg <user> <text>      a direct message, for that user alone",
        "  /me <action>            an action, to everyone else in your room (/me waves)",
        "  /topic [text]           your room's topic; the room's leader sets it with text",
        "  /kick <user> [reason]   the room's leader removes a user from it for a while",
        "  /register <password>    protect your username with a password",
        "  /password <old> <new>   change your password",
        "  /help                   this list",
        "  quit or exit            leave the chat",
        "Anything else is a message to everyone else in your room.",
    ];

    /// <summary>The <c>HH:MM:SS</c> of a broadcast: 24-hour, culture-independent.</summary>
    public static string Time(DateTimeOffset clock) =>
        clock.ToString("HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture);
}
