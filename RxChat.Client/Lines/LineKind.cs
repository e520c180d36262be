namespace RxChat.Client.Lines;

/// <summary>
/// What a line on the client's screen is, in the chat's own words. Lines from the server
/// are classified into these; the client adds its own (the echo of what the user typed,
/// and its local notices) so that one renderer styles everything consistently.
/// </summary>
internal enum LineKind
{
    /// <summary><c>Welcome to the chat server!</c></summary>
    Welcome,

    /// <summary><c>[12:34:56] bob: Hello</c> — another member spoke in our room.</summary>
    Chat,

    /// <summary><c>[12:34:56] alice -> bob: hi</c> — a direct message, sent or received.</summary>
    DirectMessage,

    /// <summary><c>[12:34:56] * bob waves</c> — someone in our room did something (<c>/me</c>).</summary>
    Action,

    /// <summary><c>Topic of main: …</c> or <c>[12:34:56] alice set the topic of main: …</c></summary>
    Topic,

    /// <summary><c>You were removed from main by alice</c>, or <c>[12:34:56] bob was removed from main by alice</c>.</summary>
    Removed,

    /// <summary><c>[12:34:56] bob joined the room</c></summary>
    Joined,

    /// <summary><c>[12:34:56] alice left the room main</c></summary>
    Left,

    /// <summary><c>Leader of room main: alice</c> — the answer to <c>/leader</c>.</summary>
    Leader,

    /// <summary><c>[12:34:56] bob is now the leader of main</c> — the room's leader changed.</summary>
    NowLeader,

    /// <summary><c>Users: a, b</c></summary>
    Users,

    /// <summary><c>Members of main: alice (leader), bob</c> — the answer to <c>/who</c>.</summary>
    Members,

    /// <summary><c>Rooms: dev (1), main (3)</c> or <c>No rooms yet</c> — the answer to <c>/rooms</c>.</summary>
    Rooms,

    /// <summary>Where the user is: <c>You joined room X</c>, <c>You are in room X</c>, …</summary>
    RoomReply,

    /// <summary>The frame around history: <c>--- 2 earlier messages in main ---</c>, <c>--- end of history ---</c>, <c>No earlier messages in main</c>.</summary>
    HistoryFrame,

    /// <summary>A chat line inside a history frame: said earlier, replayed now.</summary>
    History,

    /// <summary>The server refused what the user sent: <c>Unknown command</c>, <c>Usage: …</c>, …</summary>
    Error,

    /// <summary>
    /// The server refused the username (<c>Username "bob" is already in use</c>, an invalid
    /// name): trying again with the same name cannot succeed.
    /// </summary>
    LoginRefused,

    /// <summary><c>Password for alice:</c> — the name has an account; the next line sent is its password.</summary>
    PasswordPrompt,

    /// <summary><c>Server is shutting down</c></summary>
    ServerShutdown,

    /// <summary>Any other line from the server: shown as a plain system reply.</summary>
    Reply,

    /// <summary>The user's own chat message, echoed locally (the server never echoes it).</summary>
    OwnChat,

    /// <summary>A command the user sent, echoed locally.</summary>
    OwnCommand,

    /// <summary>Something the client itself says: connection lost, reconnecting, help.</summary>
    Notice,
}
