using RxChat.Protocol;

namespace RxChat.Server.Core;

/// <summary>
/// Entries are input: a log shared by several nodes holds whatever someone managed to
/// publish, so the fold takes nothing on trust. <see cref="Take"/> is the one check, pure,
/// consulted by <see cref="Chat.Step"/> for every entry: an entry the chat's own nodes could
/// not have written is skipped (it only takes its position, so positions, snapshots and
/// every node's state stay the same), and a chat line is cleaned again, as where it was read.
/// Every node decides the same from the same log, so every node skips the same entries.
/// </summary>
public static class EntryCheck
{
    /// <summary><paramref name="entry"/> as the fold takes it (text cleaned), or why it is skipped.</summary>
    public static Taken Take(ChatState state, LogEntry entry) => entry.Command switch
    {
        Unreadable unreadable => Skip(unreadable.Why),
        NodeStarted or NodeHeartbeat or NodeStopping or AddAccount or RemoveAccount when entry.From.Number != 0 => Skip(SkipReason.NotItsNode),
        NodeStarted or NodeHeartbeat or NodeStopping => Fine(entry),
        not (AddAccount or RemoveAccount) when entry.From.Number <= 0 => Skip(SkipReason.NotItsNode),
        Say say => TerminalText.Clean(say.Text).Trim() is { Length: > 0 } clean
            ? new Taken(clean == say.Text ? entry : entry with { Command = new Say(clean) }, null)
            : Skip(SkipReason.NotALine),
        Login login when !CouldBeALine(login.Username) || login.Account is { } version && !Exists(version, entry) => Skip(WhyNot(login.Username)),
        AskPassword ask when !CouldBeALine(ask.Username) || !Exists(ask.Account, entry) => Skip(WhyNot(ask.Username)),
        WrongPassword wrong when !CouldBeALine(wrong.Username) => Skip(SkipReason.NotALine),
        ChangePassword change when !Exists(change.Account, entry) => Skip(SkipReason.NoSuchAccountVersion),
        Join join when !CouldBeALine(join.Room) => Skip(SkipReason.NotALine),
        UnknownCommand unknown when !CouldBeALine(unknown.Line) => Skip(SkipReason.NotALine),
        AddAccount add when !CouldBeALine(add.Username) || add.Username.Length == 0 => Skip(SkipReason.NotALine),
        RemoveAccount remove when !CouldBeALine(remove.Username) => Skip(SkipReason.NotALine),
        _ => Fine(entry),
    };

    /// <summary>
    /// What a line reader could have produced: lines are split at line breaks and trimmed, so
    /// a name or command never holds a line break or starts or ends with white space.
    /// </summary>
    public static bool CouldBeALine(string text) =>
        text.AsSpan().IndexOfAny('\r', '\n') < 0 && (text.Length == 0 || !char.IsWhiteSpace(text[0]) && !char.IsWhiteSpace(text[^1]));

    /// <summary>
    /// An account's version is the log position that set it, so a version at or after the
    /// entry that names it was never issued: the edge cannot have checked a password against it.
    /// </summary>
    private static bool Exists(long version, LogEntry entry) => version > 0 && version < entry.Position;

    private static SkipReason WhyNot(string username) => CouldBeALine(username) ? SkipReason.NoSuchAccountVersion : SkipReason.NotALine;

    private static Taken Fine(LogEntry entry) => new(entry, null);

    private static Taken Skip(SkipReason why) => new(null, why);
}

/// <summary>The entry to fold (<see cref="Entry"/>), or why it is skipped (<see cref="Skipped"/>); exactly one is set.</summary>
public readonly record struct Taken(LogEntry? Entry, SkipReason? Skipped);

/// <summary>Why an entry of the log was skipped (<see cref="EntryCheck"/>); the metric's label is its kebab-case name.</summary>
public enum SkipReason
{
    /// <summary>Not an entry at all: bytes that do not decode as one.</summary>
    Unreadable,

    /// <summary>Published on one node's subject in the name of another.</summary>
    WrongSubject,

    /// <summary>From a node that is not one of the cluster's.</summary>
    UnknownNode,

    /// <summary>Names or text that no client's line could produce.</summary>
    NotALine,

    /// <summary>A password verdict for an account version that was never issued.</summary>
    NoSuchAccountVersion,

    /// <summary>A node's own command from a connection, or a connection's from no connection.</summary>
    NotItsNode,
}

/// <summary>
/// A place in the log that holds no entry the chat can fold: the log reader puts it where a
/// message could not be read as entries (or came from where it may not), so the message still
/// takes its position and every node skips it alike. Never stored.
/// </summary>
public sealed record Unreadable(SkipReason Why, string Detail) : Command;
