namespace RxChat.Server.Core;

/// <summary>
/// Everything that can happen to the chat, as data. Each connection's lines are parsed
/// into commands; the transport adds <see cref="Connected"/> and <see cref="Disconnected"/>.
/// Commands are plain records so the command log can be replayed or shared.
/// </summary>
public abstract record Command
{
    private protected Command() { }
}

/// <summary>A connection was accepted; it has no username yet.</summary>
public sealed record Connected : Command
{
    public static readonly Connected Instance = new();
}

/// <summary>The connection is gone (closed, reset, timed out, cut off).</summary>
public sealed record Disconnected(string Reason) : Command;

/// <summary>The first non-blank line of a connection: the username it wants.</summary>
public sealed record Login(string Username) : Command;

/// <summary><c>/join {room}</c>.</summary>
public sealed record Join(string Room) : Command;

/// <summary><c>/join</c> with no room name.</summary>
public sealed record JoinWithoutRoom : Command
{
    public static readonly JoinWithoutRoom Instance = new();
}

/// <summary>A plain line: a chat message to the sender's room.</summary>
public sealed record Say(string Text) : Command;

/// <summary><c>/users</c>.</summary>
public sealed record ListUsers : Command
{
    public static readonly ListUsers Instance = new();
}

/// <summary><c>/room</c>.</summary>
public sealed record WhichRoom : Command
{
    public static readonly WhichRoom Instance = new();
}

/// <summary><c>/leader</c>.</summary>
public sealed record WhoLeads : Command
{
    public static readonly WhoLeads Instance = new();
}

/// <summary>Any other line starting with <c>/</c>.</summary>
public sealed record UnknownCommand(string Line) : Command
{
}

/// <summary><c>quit</c>, <c>exit</c> or <c>/quit</c>: a graceful goodbye.</summary>
public sealed record Quit : Command
{
    public static readonly Quit Instance = new();
}

/// <summary>
/// The transport refused a line (too long, …) before it became a command; the sender
/// is told why and nothing else happens.
/// </summary>
public sealed record Refused(string Reason) : Command;

/// <summary>
/// The server is stopping: everyone is told and hung up. It comes from the server
/// itself, through the same ordered stream, so it lands after every line already accepted.
/// </summary>
public sealed record ServerShutdown : Command
{
    public static readonly ServerShutdown Instance = new();
}
