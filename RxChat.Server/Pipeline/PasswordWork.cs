using System.Reactive.Concurrency;
using System.Reactive.Disposables;
using System.Reactive.Linq;

namespace RxChat.Server.Pipeline;

/// <summary>
/// The server's one queue of password work. A slow hash costs tens of milliseconds of CPU, so
/// one host sending many password commands could keep every core busy and slow everyone's
/// chat; here at most <see cref="PasswordWorkLimits.Slots"/> hashes run at once, whoever asks.
/// Waiting work takes turns by address, round-robin (one from each address with work waiting,
/// then again), so a host that queued a hundred does not make another wait for its hundred.
/// At most <see cref="PasswordWorkLimits.MaxWaiting"/> wait: when full, a newcomer takes the
/// place of the newest waiting work of the address with the most (if that address has more
/// waiting than the newcomer's would), else the newcomer is told the server is busy; either
/// way whoever is turned away costs nothing. A connection has one piece of work in here at a
/// time (its lines wait behind it), and work whose connection closed is dropped.
/// </summary>
/// <param name="runOn">Where hashes run (the thread pool; inline in tests on virtual time).</param>
public sealed class PasswordWork(PasswordWorkLimits limits, IScheduler runOn, IPasswordHasher hasher)
{
    private readonly int _slots = limits.Slots;
    private readonly object _gate = new();
    private readonly Dictionary<string, LinkedList<Job>> _waiting = new(StringComparer.Ordinal);
    private readonly LinkedList<string> _turns = new(); // addresses with work waiting, the next to go first
    private int _waitingCount;
    private int _running;

    /// <summary>Hashes running now (diagnostics and tests).</summary>
    public int Running { get { lock (_gate) return _running; } }

    /// <summary>
    /// One piece of work for <paramref name="address"/>: <paramref name="work"/>'s result when
    /// its turn came and it ran, or <paramref name="whenBusy"/>'s when the queue had no room.
    /// Nothing happens until subscribed; unsubscribing while it waits takes it out of the queue.
    /// </summary>
    public IObservable<T> Run<T>(string address, Func<IPasswordHasher, T> work, Func<T> whenBusy) =>
        Observable.Create<T>(observer =>
        {
            var job = new Job<T>(address, work, whenBusy, observer);
            if (!Enqueue(job, out var turnedAway))
            {
                job.Busy();
                return Disposable.Empty;
            }
            turnedAway?.Busy();
            Dispatch();
            return Disposable.Create(() => Cancel(job));
        });

    /// <summary>Queues <paramref name="job"/>; false when there is no room for it.</summary>
    private bool Enqueue(Job job, out Job? turnedAway)
    {
        turnedAway = null;
        lock (_gate)
        {
            var freeSlots = Math.Max(0, _slots - _running); // work that will start at once does not wait
            if (_waitingCount >= limits.MaxWaiting + freeSlots)
            {
                var mine = _waiting.TryGetValue(job.Address, out var own) ? own.Count : 0;
                var longest = _waiting.Values.MaxBy(waiting => waiting.Count);
                if (longest is null || longest.Count <= mine + 1) return false;
                turnedAway = longest.Last!.Value;
                Remove(turnedAway);
            }
            if (!_waiting.TryGetValue(job.Address, out var queue))
            {
                _waiting.Add(job.Address, queue = new LinkedList<Job>());
                _turns.AddLast(job.Address);
            }
            job.Node = queue.AddLast(job);
            _waitingCount++;
            return true;
        }
    }

    /// <summary>Starts waiting work while slots are free, each address in its turn.</summary>
    private void Dispatch()
    {
        while (true)
        {
            Job next;
            lock (_gate)
            {
                if (_running >= _slots || _turns.First is not { } turn) return;
                var address = turn.Value;
                var queue = _waiting[address];
                next = queue.First!.Value;
                Remove(next);
                if (turn.List is not null) { _turns.Remove(turn); _turns.AddLast(turn); } // more from it: to the back
                _running++;
            }
            runOn.Schedule(() => Execute(next));
        }
    }

    private void Execute(Job job)
    {
        Action? tell = null;
        try { tell = job.Run(hasher); }
        finally
        {
            lock (_gate) _running--;
            Dispatch();
        }
        tell?.Invoke(); // after the slot is free: the next hash need not wait for the chat to hear this one
    }

    private void Cancel(Job job)
    {
        lock (_gate)
        {
            if (job.Node is not null) Remove(job);
            job.Cancelled = true;
        }
    }

    /// <summary>Takes a waiting job out of the queue (under the gate).</summary>
    private void Remove(Job job)
    {
        var queue = job.Node!.List!;
        queue.Remove(job.Node);
        job.Node = null;
        _waitingCount--;
        if (queue.Count > 0) return;
        _waiting.Remove(job.Address);
        _turns.Remove(job.Address);
    }

    private abstract class Job(string address)
    {
        public string Address { get; } = address;
        public LinkedListNode<Job>? Node { get; set; } // while waiting
        public volatile bool Cancelled;

        /// <summary>Does the work; returns how to tell its result (null when cancelled meanwhile).</summary>
        public abstract Action? Run(IPasswordHasher hasher);

        public abstract void Busy();
    }

    private sealed class Job<T>(string address, Func<IPasswordHasher, T> work, Func<T> whenBusy, IObserver<T> observer) : Job(address)
    {
        public override Action? Run(IPasswordHasher hasher)
        {
            if (Cancelled) return null;
            T result;
            try { result = work(hasher); }
            catch (Exception ex) { return () => observer.OnError(ex); }
            return () =>
            {
                observer.OnNext(result);
                observer.OnCompleted();
            };
        }

        public override void Busy()
        {
            observer.OnNext(whenBusy());
            observer.OnCompleted();
        }
    }
}
