using System.Reactive.Concurrency;
using System.Reactive.Disposables;

namespace RxChat.Server.Pipeline;

/// <summary>
/// The fold's own thread in production: what is scheduled on it runs there, one item at a
/// time, in the order it was scheduled (in tests the virtual-time scheduler takes its place).
/// <para>
/// Rx's <c>EventLoopScheduler</c> did this before, but it waits for work on a semaphore that
/// spins — yielding the core over and over — each time the fold runs dry, which under a
/// steady trickle of commands is thousands of times a second: measured, the fold thread spent
/// most of its CPU in <c>sched_yield</c>, on a machine whose other core the readers, the
/// writers and the peers need. This one sleeps at once.
/// </para>
/// </summary>
public sealed class FoldThread : LocalScheduler, IDisposable
{
    private readonly Queue<Action> _work = new(); // under itself
    private bool _sleeping; // under _work
    private bool _disposed; // under _work

    public FoldThread(string name) => new Thread(Run) { Name = name, IsBackground = true }.Start();

    public override IDisposable Schedule<TState>(TState state, TimeSpan dueTime, Func<IScheduler, TState, IDisposable> action)
    {
        var result = new SingleAssignmentDisposable();
        void Work()
        {
            if (!result.IsDisposed) result.Disposable = action(this, state);
        }

        dueTime = Scheduler.Normalize(dueTime);
        if (dueTime == TimeSpan.Zero)
        {
            Enqueue(Work);
            return result;
        }
        // Later: a delay puts it in line when it is due. (Task.Delay's timer is held by the
        // runtime until it fires; a bare Timer nobody keeps may be collected first and never fire.)
        var cancel = new CancellationDisposable();
        Task.Delay(dueTime, cancel.Token).ContinueWith(static (_, work) => ((Action)work!)(), (Action)(() => Enqueue(Work)),
            CancellationToken.None, TaskContinuationOptions.OnlyOnRanToCompletion, TaskScheduler.Default);
        return new CompositeDisposable(result, cancel);
    }

    public void Dispose()
    {
        lock (_work)
        {
            _disposed = true;
            Monitor.Pulse(_work);
        }
    }

    private void Enqueue(Action work)
    {
        lock (_work)
        {
            if (_disposed) return;
            _work.Enqueue(work);
            if (_sleeping) Monitor.Pulse(_work);
        }
    }

    private void Run()
    {
        while (true)
        {
            Action work;
            lock (_work)
            {
                while (_work.Count == 0 && !_disposed)
                {
                    _sleeping = true;
                    Monitor.Wait(_work);
                    _sleeping = false;
                }
                if (_disposed) return;
                work = _work.Dequeue();
            }
            work();
        }
    }
}
