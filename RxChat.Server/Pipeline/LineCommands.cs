using System.Reactive.Disposables;
using RxChat.Server.Core;

namespace RxChat.Server.Pipeline;

/// <summary>
/// A line's commands known at once, as an observable: each in order, or one null when there
/// are none (the line still shows the peer is there, for the idle timeout), then the end. A
/// <see cref="RefusedException"/> thrown while they are enumerated ends the connection's
/// lines instead. It keeps no subscription: most lines cost one of these, nothing more.
/// </summary>
public sealed class LineCommands(IEnumerable<Command> commands) : IObservable<Command?>
{
    public static readonly LineCommands None = new([]);

    public IDisposable Subscribe(IObserver<Command?> observer)
    {
        var any = false;
        using var each = commands.GetEnumerator();
        while (true)
        {
            Command command;
            try
            {
                if (!each.MoveNext()) break;
                command = each.Current;
            }
            catch (RefusedException refused)
            {
                observer.OnError(refused);
                return Disposable.Empty;
            }
            any = true;
            observer.OnNext(command);
        }
        if (!any) observer.OnNext(null);
        observer.OnCompleted();
        return Disposable.Empty;
    }
}
