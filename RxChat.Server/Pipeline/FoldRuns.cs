using System.Collections.Concurrent;
using System.Reactive.Concurrency;
using System.Reactive.Disposables;
using System.Reactive.Linq;

namespace RxChat.Server.Pipeline;

/// <summary>
/// Moves the merged command stream onto the fold's scheduler in runs: whatever has queued
/// up since the last run, at most <see cref="MaxRun"/> at a time. A run is the unit of
/// work downstream — one log transaction, one wake-up of each writer — so a busy chat pays
/// those costs per run instead of per command, and a quiet one still sees every command at
/// once. In production the scheduler is one dedicated thread; in tests it is the virtual-time
/// <c>TestScheduler</c>, running this very code.
/// </summary>
public static class FoldRuns
{
    /// <summary>The most commands in one run, so a steady flood cannot postpone a run's end (and its writes).</summary>
    public const int MaxRun = 64;

    /// <summary>The most commands waiting for the fold (see <c>maxQueued</c>).</summary>
    public const int DefaultMaxQueued = 65_536;

    /// <summary>The fold's own thread, for production.</summary>
    public static IScheduler NewFoldThread() => new FoldThread("rxchat-fold");

    /// <param name="maxQueued">
    /// Back-pressure: with this many commands waiting, a connection thread that brings one
    /// more waits until the fold has taken one. Its socket is then not read, so TCP slows the
    /// sender down; nothing is dropped. The fold itself never waits (a command it causes, such
    /// as the disconnect of a client it cut off, is simply queued).
    /// </param>
    public static IObservable<IReadOnlyList<T>> InRuns<T>(this IObservable<T> source, IScheduler foldOn, int maxQueued = DefaultMaxQueued) =>
        Observable.Create<IReadOnlyList<T>>(observer =>
        {
            var queue = new ConcurrentQueue<T>();
            var room = new SemaphoreSlim(maxQueued); // a slot per queued command
            var stop = new CancellationTokenSource();
            int unslotted = 0;        // commands the fold queued without a slot; only the fold touches it
            int scheduled = 0;        // a run is scheduled and has not started taking commands
            Thread? folding = null;   // the thread running a run right now
            Exception? failed = null;
            bool ended = false;       // the source is done; the last run ends the stream

            void Run()
            {
                folding = Thread.CurrentThread;
                Volatile.Write(ref scheduled, 0); // anything queued from here on schedules another run
                try
                {
                    while (true)
                    {
                        var run = new List<T>(Math.Min(queue.Count, MaxRun));
                        while (run.Count < MaxRun && queue.TryDequeue(out var command))
                        {
                            if (unslotted > 0) unslotted--; else room.Release();
                            run.Add(command);
                        }
                        if (run.Count == 0) break;
                        observer.OnNext(run);
                    }
                    if (Volatile.Read(ref ended) && queue.IsEmpty)
                    {
                        if (failed is not null) observer.OnError(failed); else observer.OnCompleted();
                    }
                }
                finally { folding = null; }
            }

            void Schedule()
            {
                if (Interlocked.Exchange(ref scheduled, 1) == 0) foldOn.Schedule(Run);
            }

            var subscription = source.Subscribe(
                command =>
                {
                    if (!room.Wait(0))
                    {
                        if (Thread.CurrentThread == folding) unslotted++;
                        else
                        {
                            try { room.Wait(stop.Token); }
                            catch (OperationCanceledException) { return; } // unsubscribed: nobody will fold it
                        }
                    }
                    queue.Enqueue(command);
                    Schedule();
                },
                error => { failed = error; Volatile.Write(ref ended, true); Schedule(); },
                () => { Volatile.Write(ref ended, true); Schedule(); });

            return Disposable.Create(() =>
            {
                subscription.Dispose();
                stop.Cancel();
            });
        });
}
