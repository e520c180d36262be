using System.Reactive.Concurrency;
using System.Reactive.Linq;
using RxChat.Server.Core;
using RxChat.Server.Protocol;
using RxChat.Server.Transport;

namespace RxChat.Server.Pipeline;

/// <summary>
/// One connection's life as commands: <see cref="Connected"/>, then its parsed lines,
/// then exactly one <see cref="Disconnected"/> however the lines end (closed, failed,
/// or no username within the login timeout).
/// </summary>
public static class ConnectionCommands
{
    public static IObservable<(ConnectionId From, Command Command)> Of(
        IChatConnection connection, TimeSpan loginTimeout, int maxLineBytes, IScheduler scheduler)
    {
        var commands = Observable.Defer(() =>
        {
            bool awaitingUsername = true; // the first non-blank line is the username
            var parsed = connection.Lines
                .Select(line =>
                {
                    var command = line.TooLong
                        ? new Refused($"Line too long (max {maxLineBytes} bytes)")
                        : CommandParser.Parse(line.Text, awaitingUsername);
                    if (command is Login or Quit) awaitingUsername = false;
                    return command;
                })
                .Where(command => command is not null)
                .Select(command => command!);

            // Only the wait for a username is timed, from the moment of connecting (refused
            // lines do not buy more time); once logged in, silence is allowed.
            var loginDeadline = Observable.Timer(scheduler.Now + loginTimeout, scheduler);
            return parsed.Timeout(loginDeadline, _ => awaitingUsername ? loginDeadline : Observable.Never<long>());
        });

        return Observable.Return<Command>(Connected.Instance)
            .Concat(commands
                .Concat(Observable.Return<Command>(new Disconnected("closed by peer")))
                .Catch((Exception ex) => Observable.Return<Command>(new Disconnected(Describe(ex)))))
            .Select(command => (connection.Id, command));
    }

    private static string Describe(Exception ex) => ex switch
    {
        TimeoutException => "no username in time",
        ConnectionAbortedException aborted => aborted.Message,
        _ => ex.Message,
    };
}
