using System.Text.Json.Serialization;

namespace RxChat.Server.Core;

/// <summary>
/// Everything that can be asked of the chat, as data. Each connection's lines are parsed
/// into commands; the transport adds <see cref="Connected"/> and <see cref="Disconnected"/>;
/// a node adds <see cref="NodeStarted"/> and <see cref="NodeStopping"/>. Commands are what
/// the log stores, so they are plain serializable records: replaying them rebuilds the chat.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "$c")]
[JsonDerivedType(typeof(Connected), "connected")]
[JsonDerivedType(typeof(Disconnected), "disconnected")]
[JsonDerivedType(typeof(Login), "login")]
[JsonDerivedType(typeof(Join), "join")]
[JsonDerivedType(typeof(Misused), "misused")]
[JsonDerivedType(typeof(Say), "say")]
[JsonDerivedType(typeof(ExitRoom), "exit-room")]
[JsonDerivedType(typeof(ListUsers), "users")]
[JsonDerivedType(typeof(WhichRoom), "room")]
[JsonDerivedType(typeof(WhoLeads), "leader")]
[JsonDerivedType(typeof(ListRooms), "rooms")]
[JsonDerivedType(typeof(WhoIsHere), "who")]
[JsonDerivedType(typeof(ShowHistory), "history")]
[JsonDerivedType(typeof(Help), "help")]
[JsonDerivedType(typeof(UnknownCommand), "unknown")]
[JsonDerivedType(typeof(Resume), "resume")]
[JsonDerivedType(typeof(Quit), "quit")]
[JsonDerivedType(typeof(RefuseLine), "refuse")]
[JsonDerivedType(typeof(NodeStarted), "node-started")]
[JsonDerivedType(typeof(NodeHeartbeat), "node-heartbeat")]
[JsonDerivedType(typeof(NodeStopping), "node-stopping")]
[JsonDerivedType(typeof(AskPassword), "ask-password")]
[JsonDerivedType(typeof(WrongPassword), "wrong-password")]
[JsonDerivedType(typeof(Register), "register")]
[JsonDerivedType(typeof(ChangePassword), "change-password")]
[JsonDerivedType(typeof(AddAccount), "add-account")]
[JsonDerivedType(typeof(RemoveAccount), "remove-account")]
[JsonDerivedType(typeof(Tell), "msg")]
[JsonDerivedType(typeof(Act), "me")]
[JsonDerivedType(typeof(ShowTopic), "topic")]
[JsonDerivedType(typeof(SetTopic), "set-topic")]
[JsonDerivedType(typeof(Kick), "kick")]
public abstract record Command
{
    private protected Command() { }
}

/// <summary>A connection was accepted; it has no username yet. Its log position orders it among all connections.</summary>
public sealed record Connected : Command
{
    public static readonly Connected Instance = new();
}

/// <summary>The connection is gone (closed, reset, timed out, cut off).</summary>
public sealed record Disconnected(string Reason) : Command;

/// <summary>
/// The first non-blank line of a connection: the username it wants. <paramref name="Account"/>
/// is set when the name has an account and the edge found the password right for that
/// version of it (see <see cref="AskPassword"/>).
/// </summary>
public sealed record Login(string Username, long? Account = null) : Command;

/// <summary><c>/join {room}</c>.</summary>
public sealed record Join(string Room) : Command;

/// <summary>A known command used wrongly (<c>/join</c> without a room, <c>/history x</c>): the sender is shown its usage.</summary>
public sealed record Misused(CommandName Command) : Command;

/// <summary>
/// A plain line: a chat message to the sender's room. <paramref name="Room"/> names the room
/// the sender means, when its protocol names one (IRC's <c>PRIVMSG #room</c>): said elsewhere
/// than in the sender's room, it is refused rather than said in the wrong room — without a word
/// when <paramref name="Quietly"/> (IRC's <c>NOTICE</c>, which is never answered).
/// </summary>
public sealed record Say(string Text, string? Room = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] bool Quietly = false) : Command;

/// <summary>
/// Leaving one's room and staying in the chat (IRC's <c>PART</c>); <paramref name="Room"/>, when
/// named, must be the sender's room.
/// </summary>
public sealed record ExitRoom(string? Room = null) : Command;

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

/// <summary><c>/rooms</c>.</summary>
public sealed record ListRooms : Command
{
    public static readonly ListRooms Instance = new();
}

/// <summary><c>/who</c>; <paramref name="Detailed"/> asks for one line per member (IRC's <c>WHO</c>, where <c>NAMES</c> is the short form).</summary>
public sealed record WhoIsHere(bool Detailed = false) : Command
{
    public static readonly WhoIsHere Instance = new();
}

/// <summary><c>/history</c> or <c>/history {n}</c>; null asks for the configured default.</summary>
public sealed record ShowHistory(int? Count = null) : Command;

/// <summary><c>/help</c>.</summary>
public sealed record Help : Command
{
    public static readonly Help Instance = new();
}

/// <summary>Any other line starting with <c>/</c>.</summary>
public sealed record UnknownCommand(string Line) : Command;

/// <summary>
/// A client that reconnected asks for its room's chat lines after log position
/// <paramref name="After"/>, the last one it saw (PROTOCOL.md Part 4, <c>resume</c>).
/// </summary>
public sealed record Resume(long After) : Command;

/// <summary><c>quit</c>, <c>exit</c> or <c>/quit</c>: a graceful goodbye.</summary>
public sealed record Quit : Command
{
    public static readonly Quit Instance = new();
}

/// <summary>
/// The edge refused a line (too long, too fast, no username in time) before it became a
/// command. It still goes through the log, so the sender hears why in order with
/// everything else it is told.
/// </summary>
public sealed record RefuseLine(Refusal Why) : Command;

/// <summary>
/// A node started. Its clients from an earlier run are gone with that run's process: they
/// are removed (and their rooms told), and nobody else is touched.
/// </summary>
/// <param name="Rules">
/// The rules version the node folds with (<see cref="RulesVersion"/>): a node of older rules
/// that meets it stops rather than fold on. A start stored before versions were recorded reads as <see cref="RulesVersion.Unrecorded"/>.
/// </param>
public sealed record NodeStarted(int Rules = RulesVersion.Unrecorded) : Command
{
    /// <summary>This RxChat's start: with the rules it folds with.</summary>
    public static readonly NodeStarted Instance = new(RulesVersion.Current);
}

/// <summary>A node is stopping: its own clients are told and hung up; clients of other nodes only hear that they left.</summary>
public sealed record NodeStopping : Command
{
    public static readonly NodeStopping Instance = new();
}

/// <summary>The commands whose usage can be shown.</summary>
public enum CommandName { Join, History, Register, Password, Msg, Me, Kick }
