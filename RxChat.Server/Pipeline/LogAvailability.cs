using System.Reactive.Concurrency;
using System.Reactive.Disposables;
using System.Reactive.Linq;
using RxChat.Protocol;
using RxChat.Server.Delivery;
using RxChat.Server.Log;

namespace RxChat.Server.Pipeline;

/// <summary>
/// Whether the log can store runs now. A log kept elsewhere (NATS) can become unreachable:
/// this node's connections are told once that their lines are not delivered until it is back
/// (each line meanwhile is refused with <see cref="ServerLines.NotStored"/>), and told once
/// more when it is back. An embedded log is always available.
/// </summary>
internal sealed class LogAvailability(ICommandLog log, IScheduler foldOn, Courier courier)
{
    private volatile bool _available = true; // written on the fold's thread, read by HTTP requests

    /// <summary>What <c>/healthz</c> and the metrics report.</summary>
    public bool Available => _available;

    /// <summary>Watches the log, telling this node's connections on the fold's thread, until disposed.</summary>
    public IDisposable Watch()
    {
        if (log is not ILogAvailability watched) return Disposable.Empty;
        return watched.Available
            .SkipWhile(available => available) // nothing to say until it is first lost
            .ObserveOn(foldOn)
            .Subscribe(available =>
            {
                _available = available;
                courier.NoticeEveryone(new NodeNotice(available ? ServerLines.LogBack : ServerLines.LogUnreachable));
                courier.Flush();
            });
    }
}
