using Microsoft.Extensions.Logging;
using RxChat.Server.Core;

namespace RxChat.Server.Pipeline;

/// <summary>
/// The server log of what happened to people: logins, joins, disconnections and faults,
/// one line each. Chat text is logged only at debug level.
/// </summary>
public sealed class ChatJournal(ILogger logger)
{
    public void Record(ChatStep step)
    {
        var id = step.Envelope.From;
        if (step.Fault is not null)
        {
            logger.LogError("Error handling {Command} from {Id}; that connection is closed: {Error}",
                step.Envelope.Command.GetType().Name, id, step.Fault.Message);
            return;
        }
        var before = step.Before.Find(id);
        var after = step.After.Find(id);
        switch (step.Envelope.Command)
        {
            case Login login when after is { IsLoggedIn: true } && before is { IsLoggedIn: false }:
                logger.LogInformation("{User} logged in ({Id})", login.Username, id);
                break;
            case Login login when before is { IsLoggedIn: false }:
                logger.LogWarning("Login refused for {Id}: {Reason}", id, step.Before.Rules.WhyNotUsername(login.Username, step.Before));
                break;
            case Join join when after?.Room == join.Room && before?.Room != join.Room:
                logger.LogInformation("{User} joined room {Room}", after.Username, join.Room);
                break;
            case Say say when logger.IsEnabled(LogLevel.Debug) && before?.Room is { } room:
                logger.LogDebug("[{Room}] {User}: {Text}", room, before.Username, say.Text);
                break;
            case Quit or Disconnected when before is not null:
                var reason = step.Envelope.Command is Disconnected d ? d.Reason : "quit";
                logger.LogInformation("{Who} disconnected ({Reason})", before.Username ?? id.ToString(), reason);
                break;
        }
    }
}
