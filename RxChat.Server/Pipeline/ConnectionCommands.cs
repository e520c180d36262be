using System.Reactive.Concurrency;
using System.Reactive.Linq;
using RxChat.Protocol;
using RxChat.Server.Core;
using RxChat.Server.Protocol;
using RxChat.Server.Transport;

namespace RxChat.Server.Pipeline;

/// <summary>
/// One connection's life as commands: <see cref="Connected"/>, then its parsed lines
/// (at the rate <see cref="FloodGuard"/> allows), then exactly one
/// <see cref="Disconnected"/> however the lines end (closed, failed, flooding, or no
/// username within the login timeout).
/// </summary>
public static class ConnectionCommands
{
    public static IObservable<(ConnectionId From, Command Command)> Of(
        IChatConnection connection, TimeSpan loginTimeout, int maxLineBytes, IScheduler scheduler, FloodLimits? flood = null,
        AccountDesk? accounts = null)
    {
        var commands = Observable.Defer(() =>
        {
            var flow = new LoginFlow(connection, accounts, maxLineBytes); // the first non-blank line is the username
            var parsed = connection.Lines
                // Every line counts, even a blank one that says nothing: reading it costs the
                // server the same, and a flood of newlines would otherwise be free. Lines are
                // counted before they are read, because only the login flow knows whether a
                // line is a password, and a password must not be parsed as a command.
                .Select(line => (Command?)new ReceivedLine(line))
                .LimitRate(flood ?? FloodLimits.Off, scheduler)
                // Only a line that got past flood control counts as the username: a dropped
                // one must not leave the connection logged out yet safe from the timeout.
                .SelectMany(command => command is ReceivedLine received ? flow.Read(received.Line) : Observable.Return(command!));

            // Only the wait for a username (and its password) is timed, from the moment of
            // connecting (refused lines do not buy more time); once logged in, silence is allowed.
            var loginDeadline = Observable.Timer(scheduler.Now + loginTimeout, scheduler);
            return parsed.Timeout(loginDeadline, _ => flow.AwaitingLogin ? loginDeadline : Observable.Never<long>())
                .Catch((TimeoutException late) => Observable.Throw<Command>(flow.AwaitingPassword ? new NoPasswordException() : late));
        });

        return Observable.Return<Command>(Connected.Instance)
            .Concat(commands
                .Concat(Observable.Return<Command>(new Disconnected("closed by peer")))
                .Catch((Exception ex) => Farewell(ex, loginTimeout)))
            .Select(command => (connection.Id, command));
    }

    /// <summary>
    /// How the chat learns that the lines ended badly. A person who never typed a name is
    /// told why the line went dead (through the ordered stream, like any reply) before the
    /// connection is closed.
    /// </summary>
    private static IObservable<Command> Farewell(Exception ex, TimeSpan loginTimeout) => ex is NoPasswordException
        // The name was given and its password was not: said as such, not as a missing username.
        ? Observable.Return<Command>(new RefuseLine(new NoPasswordInTime(loginTimeout)))
            .Concat(Observable.Return<Command>(new Disconnected("no password in time")))
        : ex is TimeoutException
        ? Observable.Return<Command>(new RefuseLine(new NoUsernameInTime(loginTimeout)))
            .Concat(Observable.Return<Command>(new Disconnected("no username in time")))
        : Observable.Return<Command>(new Disconnected(ex.Message)); // a cut-off's message is its reason

    /// <summary>The login timeout ran out while the password of a name with an account was awaited.</summary>
    private sealed class NoPasswordException : TimeoutException;
}
