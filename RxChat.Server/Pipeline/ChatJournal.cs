using Microsoft.Extensions.Logging;
using RxChat.Server.Core;
using RxChat.Server.Protocol;

namespace RxChat.Server.Pipeline;

/// <summary>
/// The server log of what happened to people: logins, joins, disconnections, one line
/// each, read off the events the core decided (never re-deciding them). Refusals are
/// worded by the codec, as the person heard them. Chat text is logged only at debug level.
/// </summary>
public sealed class ChatJournal(ILogger logger, TextCodec codec)
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
                logger.LogWarning("Login refused for {Id}: {Reason}", refused.Who, codec.Render(e, Audience.Subject)[0]);
                break;
            case JoinedRoom joined:
                logger.LogInformation("{User} joined room {Room}", joined.User, joined.Room);
                break;
            case Said said when logger.IsEnabled(LogLevel.Debug):
                logger.LogDebug("[{Room}] {User}: {Text}", said.Room, said.User, said.Text);
                break;
            case NodeLost lost:
                logger.LogWarning("Node {Node} was not heard from for {Timeout} s: its users are gone", lost.Node, before.Rules.NodeTimeout.TotalSeconds);
                break;
            case ClientGone gone:
                logger.LogInformation("{Who} disconnected ({Reason})", before.Find(gone.Who)?.Username ?? gone.Who.ToString(), gone.Reason);
                break;
        }
    }

    public void Fault(LogEntry entry, Exception fault) =>
        logger.LogError("Error handling {Command} from {Id}; that connection is closed: {Error}",
            entry.Command.GetType().Name, entry.From, fault.Message);
}
