namespace RxChat.Server.Log;

/// <summary>
/// A log kept elsewhere (not in this process) can become unreachable and come back. Such a
/// log says so, so the node can tell its own users that their lines are not delivered
/// until it is back, rather than leaving them to guess from each refused line.
/// </summary>
public interface ILogAvailability
{
    /// <summary>True while the log can store runs, false while it cannot; only changes are published, on any thread.</summary>
    IObservable<bool> Available { get; }
}
