using System.Collections.Concurrent;
using System.Reactive;
using System.Reactive.Disposables;
using System.Reactive.Linq;

namespace RxChat.Server.Pipeline;

/// <summary>
/// Moves the merged command stream onto one dedicated thread, like
/// <c>ObserveOn(new EventLoopScheduler())</c>, with one addition: after each run of
/// commands — when it has caught up with everything queued, or after
/// <see cref="MaxRun"/> commands, so a steady flood cannot postpone it — it says so. The
/// pipeline wakes the connection writers then, once per run instead of once per line, so
/// a busy room's lines leave in few large writes.
/// </summary>
public static class FoldThread
{
    /// <summary>The most commands folded before the writers are woken.</summary>
    public const int MaxRun = 64;

    /// <summary>The most commands waiting for the fold thread (see <c>maxQueued</c>).</summary>
    public const int DefaultMaxQueued = 65_536;

    /// <param name="maxQueued">
    /// Back-pressure: with this many commands waiting, a connection thread that brings one
    /// more waits until the fold thread has taken one. Its socket is then not read, so TCP
    /// slows the sender down; nothing is dropped. The fold thread itself never waits (a
    /// command it causes, such as the disconnect of a client it cut off, is simply queued).
    /// </param>
    public static IObservable<T> ObserveOnFoldThread<T>(this IObservable<T> source, Action runEnded, int maxQueued = DefaultMaxQueued) =>
        Observable.Create<T>(observer =>
        {
            var queue = new ConcurrentQueue<Notification<T>>();
            var room = new SemaphoreSlim(maxQueued); // a slot per queued command
            int unslotted = 0; // commands the fold thread queued without a slot (it never waits); its own counter
            var wake = new SemaphoreSlim(0);
            var stop = new CancellationTokenSource();
            int signalled = 0;

            var thread = new Thread(() =>
            {
                try
                {
                    while (true)
                    {
                        wake.Wait(stop.Token);
                        Volatile.Write(ref signalled, 0); // anything queued from here on rings again
                        int run = 0;
                        while (queue.TryDequeue(out var notification))
                        {
                            if (unslotted > 0) unslotted--; else room.Release();
                            notification.Accept(observer);
                            if (notification.Kind != NotificationKind.OnNext) return;
                            if (++run == MaxRun) { runEnded(); run = 0; }
                        }
                        runEnded();
                    }
                }
                catch (OperationCanceledException) { /* unsubscribed */ }
            })
            { Name = "rxchat-fold", IsBackground = true };
            thread.Start();

            // Connection threads only enqueue: they never wait for the fold or the fan-out,
            // only, when it is far behind, for room in its queue.
            var subscription = source.Materialize().Subscribe(notification =>
            {
                if (!room.Wait(0))
                {
                    if (Thread.CurrentThread == thread) unslotted++;
                    else
                    {
                        try { room.Wait(stop.Token); }
                        catch (OperationCanceledException) { return; } // unsubscribed: nobody will fold it
                    }
                }
                queue.Enqueue(notification);
                if (Interlocked.Exchange(ref signalled, 1) == 0) wake.Release();
            });
            return Disposable.Create(() =>
            {
                subscription.Dispose();
                stop.Cancel();
            });
        });
}
