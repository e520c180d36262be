using RxChat.Protocol;

namespace RxChat.Server.Core;

/// <summary>
/// The limits the core enforces. They travel inside <see cref="ChatState"/> so
/// <c>Decide</c> and <c>Evolve</c> stay pure functions of their arguments. The defaults
/// here are the only ones: configuration binds onto this record.
/// </summary>
/// <param name="HistoryPerRoom">Chat lines kept per room (0 keeps none).</param>
/// <param name="HistoryRooms">Rooms whose history is kept; past it, the room quiet the longest is forgotten.</param>
/// <param name="HistoryOnJoin">Lines sent to a joiner, and the default of <c>/history</c> (0: none on join).</param>
/// <param name="AccountsRequired">Only usernames with an account may log in.</param>
/// <param name="MinPasswordLength">The shortest password <c>/register</c> and <c>/password</c> take.</param>
public sealed record ChatRules(
    int MaxUsernameLength = 32,
    int MaxRoomNameLength = 64,
    int HistoryPerRoom = 100,
    int HistoryRooms = 1000,
    int HistoryOnJoin = 20,
    bool AccountsRequired = false,
    int MinPasswordLength = 8)
{
    public static readonly ChatRules Default = new();

    /// <summary>
    /// How long a node sharing the log may append nothing before it appends a
    /// <see cref="NodeHeartbeat"/>. The fold needs it too: it is what a live cluster's
    /// gaps between entries stay under (<see cref="LongestGap"/>).
    /// </summary>
    public TimeSpan HeartbeatEvery { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>How long a user removed from a room (<c>/kick</c>) may not join it again, in log time.</summary>
    public TimeSpan KickFor { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>A node not heard from for this long (in log time, see <see cref="Liveness"/>) is lost: its clients are removed.</summary>
    public TimeSpan NodeTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The most one gap between consecutive entries adds to log time: two heartbeats' worth,
    /// so a late heartbeat still counts in full, while a log outage (nobody could append)
    /// counts as no more than this.
    /// </summary>
    public TimeSpan LongestGap => HeartbeatEvery * 2;

    /// <summary>What is wrong with <paramref name="name"/> as a username here, if anything.</summary>
    public NameProblem? WhyNotUsername(string name, ChatState state)
    {
        if (name.Length == 0) return NameProblem.Empty;
        if (name.Length > MaxUsernameLength) return NameProblem.TooLong;
        if (ControlCharacters.Any(name)) return NameProblem.ControlCharacters;
        if (InvisibleCharacters.Any(name)) return NameProblem.InvisibleCharacters;
        if (CouldForgeALine(name)) return NameProblem.Ambiguous;
        if (state.Usernames.ContainsKey(name)) return NameProblem.InUse;
        return null;
    }

    /// <summary>
    /// A name with a space or a colon could make a server line say something else: every line
    /// about a user starts <c>[T] {user}</c> and reads on with <c>: {text}</c>, <c> joined the room</c>,
    /// <c> left the room …</c> or <c> is now the leader of …</c>, and lists join names with
    /// <c>, </c> and mark <c> (leader)</c>. So "bob: I am the real bob" would join as a chat line
    /// from bob, "bob:" would chat "joined the room", "bob joined the room" would join twice,
    /// and "x, bob" would be two users. Without spaces and colons none of these can happen.
    /// </summary>
    public static bool CouldForgeALine(string name) => name.Any(c => c == ':' || char.IsWhiteSpace(c));

    /// <summary>What is wrong with <paramref name="room"/> as a room name, if anything.</summary>
    public NameProblem? WhyNotRoomName(string room)
    {
        if (room.Length > MaxRoomNameLength) return NameProblem.TooLong;
        if (ControlCharacters.Any(room)) return NameProblem.ControlCharacters;
        if (InvisibleCharacters.Any(room)) return NameProblem.InvisibleCharacters;
        return null;
    }
}

/// <summary>Why a username or room name was refused.</summary>
public enum NameProblem
{
    Empty, TooLong, ControlCharacters, InvisibleCharacters, InUse,
    /// <summary>A space or a colon, with which a name could forge a line (<see cref="ChatRules.CouldForgeALine"/>).</summary>
    Ambiguous,
    /// <summary>The password typed for an account was wrong.</summary>
    WrongPassword,
    /// <summary>Accounts are required, and this name has none.</summary>
    NotRegistered,
    /// <summary>The account was made, changed or removed between the edge's check and the fold.</summary>
    AccountChanged,
}
