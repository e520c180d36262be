using System.Reactive;
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
/// <see cref="Disconnected"/> however the lines end (closed, failed, flooding, no
/// username within the login timeout, or — when an idle timeout is set — nothing received
/// for that long once logged in).
/// </summary>
public static class ConnectionCommands
{
    public static IObservable<(ConnectionId From, Command Command)> Of(
        IChatConnection connection, IChatCodec codec, TimeSpan loginTimeout, int maxLineBytes, IScheduler scheduler, FloodLimits? flood = null,
        AccountDesk? accounts = null, TimeSpan idleTimeout = default)
    {
        var commands = Observable.Defer(() =>
        {
            var flow = new LoginFlow(connection, codec, accounts, maxLineBytes); // the first non-blank line is the username
            var parsed = connection.Lines
                // Every line counts, even a blank one that says nothing: reading it costs the
                // server the same, and a flood of newlines would otherwise be free. Lines are
                // counted before they are read, because only the login flow knows whether a
                // line is a password, and a password must not be parsed as a command.
                .Select(line => (Command?)new ReceivedLine(line))
                .LimitRate(flood ?? FloodLimits.Off, scheduler)
                // Only a line that got past flood control counts as the username: a dropped
                // one must not leave the connection logged out yet safe from the timeout.
                // A line that makes no command (a blank one) still shows the peer is there:
                // it stays in the stream as null until the idle timeout below has seen it.
                // Each line's commands are read in turn (Concat): one waiting for a slow hash
                // holds back the lines after it, so the connection's commands keep their order.
                // (Most lines' commands are known at once and keep no subscription: an idle
                // connection holds no inner one.)
                .Select(command => command is ReceivedLine received
                    ? flow.Reading(received.Line)
                    : new LineCommands([command!]))
                .Concat();

            // The wait for a username (and its password) is timed from the moment of connecting
            // (refused lines do not buy more time). Once logged in, silence is allowed — unless
            // an idle timeout is set: then every line restarts it, a blank one too (the line
            // still arrived, so the peer is there: a client may send blank lines to stay).
            // The deadline is timed by relative timers for the time still left, not by a timer
            // for an absolute time: the scheduler drops a relative one as soon as the login
            // makes it moot, while an absolute one stays queued until it is due
            // (bench/README.md, "Memory per idle connection").
            var deadline = scheduler.Now + loginTimeout;
            var silence = idleTimeout > TimeSpan.Zero
                ? Observable.Defer(() => Observable.Timer(idleTimeout, scheduler))
                : Observable.Never<long>();
            return parsed
                .Timeout(Observable.Timer(loginTimeout, scheduler),
                    _ => flow.AwaitingLogin ? Observable.Timer(deadline - scheduler.Now, scheduler) : silence,
                    Observable.Defer(() => Observable.Throw<Command?>(
                        // The name was given and its password was not: said as such, not as a missing username.
                        flow.AwaitingPassword ? new RefusedException(new NoPasswordInTime(loginTimeout), "no password in time")
                        : flow.AwaitingLogin ? new RefusedException(new NoUsernameInTime(loginTimeout), "no username in time")
                        : new RefusedException(new IdleTooLong(idleTimeout), "idle too long"))))
                .OfType<Command>(); // the blank lines' nulls have done their part
        });

        // How the commands end is itself a command: Materialize makes the end a value, so one
        // step turns every outcome into what the chat hears. (Every open connection holds this
        // chain: two operators here, where Append, Catch and Select would keep three.)
        var id = connection.Id;
        return commands
            .Materialize()
            .SelectMany(said => said.Kind switch
            {
                NotificationKind.OnNext => [(id, said.Value)],
                NotificationKind.OnCompleted => [(id, new Disconnected("closed by peer"))],
                _ => Farewell(said.Exception!).Select(command => (id, command)),
            })
            .Prepend((id, Connected.Instance));
    }

    /// <summary>
    /// How the chat learns that the lines ended badly. A person the edge refused (who never
    /// typed a name, went quiet for longer than the idle timeout, …) is told why the line went
    /// dead (through the ordered stream, like any reply) before the connection is closed.
    /// </summary>
    private static Command[] Farewell(Exception ex) => ex is RefusedException refused
        ? [new RefuseLine(refused.Why), new Disconnected(ex.Message)]
        : [new Disconnected(ex.Message)]; // a cut-off's message is its reason
}
