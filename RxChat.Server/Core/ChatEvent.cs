using System.Text.Json.Serialization;

namespace RxChat.Server.Core;

/// <summary>
/// What happened in the chat, in its own words: the only thing <c>Decide</c> returns and
/// the only thing <c>Evolve</c> folds. Every event carries the <see cref="Stamp"/> of the
/// command that caused it (log position and UTC time), so any renderer — a text line in
/// any time zone, a JSON object — has all it needs. Events are derived, never stored:
/// replaying the log's commands decides them again, the same.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "$e")]
[JsonDerivedType(typeof(ClientConnected), "connected")]
[JsonDerivedType(typeof(LoggedIn), "logged-in")]
[JsonDerivedType(typeof(LoginRefused), "login-refused")]
[JsonDerivedType(typeof(JoinedRoom), "joined")]
[JsonDerivedType(typeof(LeftRoom), "left")]
[JsonDerivedType(typeof(Said), "said")]
[JsonDerivedType(typeof(LeaderChanged), "leader")]
[JsonDerivedType(typeof(Answered), "answered")]
[JsonDerivedType(typeof(LineRefused), "refused")]
[JsonDerivedType(typeof(ClientGone), "gone")]
[JsonDerivedType(typeof(NodeLost), "node-lost")]
[JsonDerivedType(typeof(NodeShuttingDown), "shutting-down")]
[JsonDerivedType(typeof(PasswordAsked), "password-asked")]
[JsonDerivedType(typeof(AccountCreated), "account-created")]
[JsonDerivedType(typeof(PasswordChanged), "password-changed")]
[JsonDerivedType(typeof(AccountRemoved), "account-removed")]
[JsonDerivedType(typeof(Told), "told")]
[JsonDerivedType(typeof(TopicSet), "topic-set")]
[JsonDerivedType(typeof(Removed), "removed")]
public abstract record ChatEvent(Stamp At)
{
    /// <summary>The client the event is about, if it is about one.</summary>
    [JsonIgnore]
    public virtual ConnectionId? Subject => null;
}

/// <summary>A connection entered the chat; <see cref="ChatEvent.At"/> is its place in connection order.</summary>
public sealed record ClientConnected(Stamp At, ConnectionId Who) : ChatEvent(At)
{
    public override ConnectionId? Subject => Who;
}

/// <summary>A connection took its username.</summary>
public sealed record LoggedIn(Stamp At, ConnectionId Who, string User) : ChatEvent(At)
{
    public override ConnectionId? Subject => Who;
}

/// <summary>A username was refused; a <see cref="ClientGone"/> follows.</summary>
public sealed record LoginRefused(Stamp At, ConnectionId Who, string Name, NameProblem Problem, int MaxLength) : ChatEvent(At)
{
    public override ConnectionId? Subject => Who;
}

/// <summary>A user entered a room (after leaving its previous one, if any).</summary>
public sealed record JoinedRoom(Stamp At, ConnectionId Who, string User, string Room) : ChatEvent(At)
{
    public override ConnectionId? Subject => Who;
}

/// <summary>
/// A user left a room: by joining another, leaving it, quitting, disconnecting, or its node
/// going away. <paramref name="Gone"/> is why, when the user left the chat with it (IRC says
/// <c>QUIT</c> then, not <c>PART</c>).
/// </summary>
public sealed record LeftRoom(Stamp At, ConnectionId Who, string User, string Room, string? Gone = null) : ChatEvent(At)
{
    public override ConnectionId? Subject => Who;
}

/// <summary>
/// A chat line, said in a room; kept in the room's history. <paramref name="Action"/> marks
/// an action (<c>/me waves</c>): said, kept and replayed like any chat line, only worded
/// otherwise. Left out of what is stored when false, so lines stored before actions read the same.
/// </summary>
public sealed record Said(Stamp At, ConnectionId Who, string User, string Room, string Text,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] bool Action = false) : ChatEvent(At)
{
    public override ConnectionId? Subject => Who;
}

/// <summary>
/// A room that goes on has a new leader (never announced for a room created or emptied).
/// <paramref name="Former"/> is the leader before, by name, when it is still in the room (a
/// newcomer who connected earlier took over): IRC takes its <c>@</c> away.
/// </summary>
public sealed record LeaderChanged(Stamp At, string Room, ConnectionId Leader, string User, string? Former = null) : ChatEvent(At);

/// <summary>A question (<c>/users</c>, <c>/who</c>, a misused command …) and its answer, for the one who asked.</summary>
public sealed record Answered(Stamp At, ConnectionId Who, Answer Answer) : ChatEvent(At)
{
    public override ConnectionId? Subject => Who;
}

/// <summary>The edge refused one of a client's lines.</summary>
public sealed record LineRefused(Stamp At, ConnectionId Who, Refusal Why) : ChatEvent(At)
{
    public override ConnectionId? Subject => Who;
}

/// <summary>The chat forgets a client; its node closes the connection if it is still open.</summary>
public sealed record ClientGone(Stamp At, ConnectionId Who, string Reason) : ChatEvent(At)
{
    public override ConnectionId? Subject => Who;
}

/// <summary>A node is stopping: its clients are told before they are gone.</summary>
public sealed record NodeShuttingDown(Stamp At, string Node) : ChatEvent(At);
