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

    /// <summary>
    /// Of each run, at least this many places go to commands that may wait (see
    /// <c>mayWait</c>) when any are ready: they yield to the others, but are never starved.
    /// </summary>
    public const int WaitingShare = MaxRun / 4;

    /// <param name="maxQueued">
    /// Back-pressure: with this many commands waiting, a connection thread that brings one
    /// more waits until the fold has taken one. Its socket is then not read, so TCP slows the
    /// sender down; nothing is dropped. The fold itself never waits (a command it causes, such
    /// as the disconnect of a client it cut off, is simply queued).
    /// </param>
    /// <param name="mayWait">
    /// Commands that may let later ones go first (a connection's end): when thousands of them
    /// queue up at once — a leave storm — a newcomer's login and everyone else's chat are
    /// folded before the rest of them instead of after. Each still comes after everything that
    /// arrived before it and is not itself one that may wait (a connection's own earlier
    /// lines, in particular), and at least <see cref="WaitingShare"/> of every run are theirs.
    /// </param>
    public static IObservable<IReadOnlyList<T>> InRuns<T>(this IObservable<T> source, IScheduler foldOn,
        int maxQueued = DefaultMaxQueued, Func<T, bool>? mayWait = null) =>
        Observable.Create<IReadOnlyList<T>>(observer =>
        {
            var queue = new ConcurrentQueue<(long Number, T Command)>();
            var room = new SemaphoreSlim(maxQueued); // a slot per queued command
            var stop = new CancellationTokenSource();
            long arrived = 0;         // numbers commands in arrival order
            int unslotted = 0;        // commands the fold queued without a slot; only the fold touches it
            int scheduled = 0;        // a run is scheduled and has not started taking commands
            Thread? folding = null;   // the thread running a run right now
            Exception? failed = null;
            bool ended = false;       // the source is done; the last run ends the stream
            // The fold's own: taken from the queue, not yet in a run, each lane in arrival order.
            var prompt = new Queue<(long Number, T Command)>();
            var waiting = new Queue<(long Number, T Command)>();

            void TakeQueued()
            {
                while (queue.TryDequeue(out var item))
                {
                    if (unslotted > 0) unslotted--; else room.Release();
                    (mayWait is not null && mayWait(item.Command) ? waiting : prompt).Enqueue(item);
                }
            }

            // Whether the next waiting command may go now: nothing that arrived before it is still to go.
            bool WaitingMayGo() => waiting.Count > 0 && (prompt.Count == 0 || waiting.Peek().Number < prompt.Peek().Number);

            List<T> NextRun()
            {
                var run = new List<T>(Math.Min(prompt.Count + waiting.Count, MaxRun));
                int waited = 0;
                while (run.Count < MaxRun)
                {
                    bool waitingsTurn = WaitingMayGo() && (waited < WaitingShare || prompt.Count == 0);
                    if (!waitingsTurn && prompt.Count > 0) run.Add(prompt.Dequeue().Command);
                    else if (waitingsTurn) { run.Add(waiting.Dequeue().Command); waited++; }
                    else break;
                }
                return run;
            }

            void Run()
            {
                folding = Thread.CurrentThread;
                Volatile.Write(ref scheduled, 0); // anything queued from here on schedules another run
                try
                {
                    while (true)
                    {
                        TakeQueued();
                        var run = NextRun();
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
                    // An observable's items never overlap (the merge upstream sees to it), so the
                    // numbers follow the queue's order without a lock.
                    queue.Enqueue((++arrived, command));
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
