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

    /// <summary><c>[12:34:56] bob joined the room</c></summary>
    Joined,

    /// <summary><c>[12:34:56] alice left the room main</c></summary>
    Left,

    /// <summary><c>Leader of room main: alice</c></summary>
    Leader,

    /// <summary><c>Users: a, b</c></summary>
    Users,

    /// <summary>Where the user is: <c>You joined room X</c>, <c>You are in room X</c>, …</summary>
    RoomReply,

    /// <summary>The server refused what the user sent: <c>Unknown command</c>, <c>Usage: …</c>, …</summary>
    Error,

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
