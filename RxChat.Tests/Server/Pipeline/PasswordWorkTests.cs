using System.Reactive.Concurrency;
using System.Reactive.Disposables;
using RxChat.Server.Pipeline;
using RxChat.Tests.Support;

namespace RxChat.Tests.Server.Pipeline;

/// <summary>
/// The one queue of password work, step by step: the work it starts is held (<see cref="HeldScheduler"/>)
/// until the test runs it, so how many run at once, in which order, and who is turned away is counted.
/// </summary>
public sealed class PasswordWorkTests : IDisposable
{
    private readonly HeldScheduler _pool = new();
    private readonly CountingHasher _hasher = new();
    private readonly List<string> _done = [];

    public void Dispose() => _hasher.Dispose();

    private PasswordWork Work(int concurrency, int maxWaiting) => new(new PasswordWorkLimits(concurrency, maxWaiting), _pool, _hasher);

    private IDisposable Ask(PasswordWork work, string address, string what) =>
        work.Run(address, hasher => { hasher.Hash(what); return what; }, () => $"busy {what}").Subscribe(_done.Add);

    [Fact]
    public void No_more_than_the_cap_run_at_once_and_the_next_starts_when_one_ends()
    {
        var work = Work(concurrency: 2, maxWaiting: 10);
        for (int i = 1; i <= 5; i++) Ask(work, $"192.0.2.{i}", $"w{i}");
        Assert.Equal(2, work.Running);
        Assert.Equal(2, _pool.Held);

        _pool.RunNext();
        Assert.Equal(["w1"], _done);
        Assert.Equal(2, work.Running); // w3 took the free slot
        while (_pool.Held > 0) _pool.RunNext();
        Assert.Equal(["w1", "w2", "w3", "w4", "w5"], _done);
        Assert.Equal(0, work.Running);
    }

    [Fact]
    public void Waiting_work_takes_turns_by_address_not_by_arrival()
    {
        var work = Work(concurrency: 1, maxWaiting: 10);
        for (int i = 1; i <= 4; i++) Ask(work, "guesser", $"g{i}");
        Ask(work, "alice's", "a1");
        Ask(work, "bob's", "b1");
        while (_pool.Held > 0) _pool.RunNext();
        Assert.Equal(["g1", "g2", "a1", "b1", "g3", "g4"], _done);
    }

    [Fact]
    public void A_full_queue_turns_away_the_newest_of_the_busiest_address_for_another_address_and_costs_no_hash()
    {
        var work = Work(concurrency: 1, maxWaiting: 3);
        for (int i = 1; i <= 5; i++) Ask(work, "guesser", $"g{i}"); // g1 runs, g2-g4 wait, g5 finds no room
        Assert.Equal(["busy g5"], _done);

        Ask(work, "alice's", "a1"); // takes g4's place: the guesser has the most waiting
        Assert.Equal(["busy g5", "busy g4"], _done);
        Ask(work, "alice's", "a2"); // the guesser has 2 waiting, alice 1: no place to take
        Assert.Equal(["busy g5", "busy g4", "busy a2"], _done);

        while (_pool.Held > 0) _pool.RunNext();
        Assert.Equal(["busy g5", "busy g4", "busy a2", "g1", "g2", "a1", "g3"], _done);
        Assert.Equal(4, _hasher.Hashes); // the ones turned away cost nothing
    }

    [Fact]
    public void With_no_room_to_wait_work_still_runs_in_a_free_slot()
    {
        var work = Work(concurrency: 1, maxWaiting: 0);
        Ask(work, "a", "first");
        Ask(work, "b", "second");
        Assert.Equal(["busy second"], _done);
        _pool.RunNext();
        Ask(work, "b", "third");
        _pool.RunNext();
        Assert.Equal(["busy second", "first", "third"], _done);
    }

    [Fact]
    public void Work_whose_asker_left_is_never_done()
    {
        var work = Work(concurrency: 1, maxWaiting: 10);
        Ask(work, "a", "first");
        var gone = Ask(work, "b", "left");
        gone.Dispose();
        Ask(work, "c", "third");
        while (_pool.Held > 0) _pool.RunNext();
        Assert.Equal(["first", "third"], _done);
        Assert.Equal(2, _hasher.Hashes);
    }

    [Fact]
    public void The_default_cap_is_half_the_cores_and_at_least_one()
    {
        Assert.Equal(Math.Max(1, Environment.ProcessorCount / 2), PasswordWorkLimits.Default.Slots);
        Assert.Equal(3, new PasswordWorkLimits(Concurrency: 3).Slots);
    }

    /// <summary>A scheduler that only queues: the test runs each piece of work when it chooses.</summary>
    private sealed class HeldScheduler : IScheduler
    {
        private readonly Queue<Action> _held = new();

        public int Held => _held.Count;

        public DateTimeOffset Now => DateTimeOffset.UnixEpoch;

        public void RunNext() => _held.Dequeue()();

        public IDisposable Schedule<TState>(TState state, Func<IScheduler, TState, IDisposable> action)
        {
            _held.Enqueue(() => action(this, state));
            return Disposable.Empty;
        }

        public IDisposable Schedule<TState>(TState state, TimeSpan dueTime, Func<IScheduler, TState, IDisposable> action) =>
            Schedule(state, action);

        public IDisposable Schedule<TState>(TState state, DateTimeOffset dueTime, Func<IScheduler, TState, IDisposable> action) =>
            Schedule(state, action);
    }
}
