using Microsoft.Extensions.Logging;
using RxChat.Server.Core;
using RxChat.Server.Protocol;

namespace RxChat.Server.Pipeline;

/// <summary>
/// The server log of what happened to people: logins, joins, disconnections, one line
/// each, read off the events the core decided (never re-deciding them). Refusals are
/// worded by the codec, as the person heard them. Chat text is logged only at debug level.
/// </summary>
public sealed class ChatJournal(ILogger logger)
{
    /// <param name="before">The chat just before <paramref name="e"/>, to name a client that is gone.</param>
    public void Record(ChatEvent e, ChatState before)
    {
        switch (e)
        {
            case LoggedIn login:
                logger.LogInformation("{User} logged in ({Id})", login.User, login.Who);
                break;
            case LoginRefused refused:
                logger.LogWarning("Login refused for {Id}: {Reason}", refused.Who, TextCodec.UsernameRefusal(refused));
                break;
            case JoinedRoom joined:
                logger.LogInformation("{User} joined room {Room}", joined.User, joined.Room);
                break;
            case Removed removed:
                logger.LogInformation("{User} was removed from room {Room} by {Leader}", removed.User, removed.Room, removed.Leader);
                break;
            case Said said when logger.IsEnabled(LogLevel.Debug):
                logger.LogDebug("[{Room}] {User}: {Text}", said.Room, said.User, said.Text);
                break;
            // Accounts: who and what, never a password nor its hash.
            case AccountCreated created:
                logger.LogInformation("Account created for {User} ({Id})", created.User, created.Who);
                break;
            case PasswordChanged changed:
                logger.LogInformation("Password changed for {User} ({Id})", changed.User, changed.Who);
                break;
            case AccountRemoved removed:
                logger.LogInformation("Account of {User} removed", removed.User);
                break;
            case NodeLost lost:
                logger.LogWarning("Node {Node} was not heard from for {Timeout} s: its users are gone", lost.Node, before.Rules.NodeTimeout.TotalSeconds);
                break;
            case ClientGone gone:
                logger.LogInformation("{Who} disconnected ({Reason})", before.Find(gone.Who)?.Username ?? gone.Who.ToString(), gone.Reason);
                break;
        }
    }

    /// <summary>
    /// The chat declared this very node lost: it was cut off from the log long enough, not
    /// dead, and its entries reach the log again. Its clients are gone from the chat, so the
    /// events that follow tell them (<see cref="RxChat.Protocol.ServerLines.CutOff"/>) and hang
    /// up on them, rather than leaving them connected as ghosts nobody else can see; they
    /// reconnect and log in again. Said here once, for the operator.
    /// </summary>
    public void CutOff(string node, long position) =>
        logger.LogWarning("The chat declared this node ({Node}) lost at log position {Position}: it was cut off for too long; its connections are closed, new ones are welcome",
            node, position);

    public void Fault(LogEntry entry, Exception fault) =>
        logger.LogError("Error handling {Command} from {Id}; that connection is closed: {Error}",
            entry.Command.GetType().Name, entry.From, fault.Message);

    /// <summary>An entry of the log no node of this chat could have written: skipped, as on every node, and said once with its position.</summary>
    public void Skipped(LogEntry entry, SkipReason why) =>
        logger.LogWarning("Log entry {Position} skipped ({Reason}): {Detail}", entry.Position, why,
            entry.Command is Unreadable unreadable ? unreadable.Detail : $"{entry.Command.GetType().Name} from {entry.From}");
}
