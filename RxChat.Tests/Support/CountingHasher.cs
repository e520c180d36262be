using RxChat.Server.Pipeline;

namespace RxChat.Tests.Support;

/// <summary>
/// A stand-in for the slow hash that counts: how many hashes and checks were asked for, how
/// many run at once and the most that ever did. While <see cref="Gate"/> is closed each one
/// waits in it, so a test can see how many the server lets run together. Its "hash" is the
/// password with a prefix: cheap, and only ever right for the password it was made from.
/// </summary>
public sealed class CountingHasher : IPasswordHasher, IDisposable
{
    private int _hashes, _checks, _running, _mostAtOnce;

    /// <summary>Open unless a test closes it; a closed gate holds every hash until it opens (or a minute passes).</summary>
    public ManualResetEventSlim Gate { get; } = new(initialState: true);

    public int Hashes => Volatile.Read(ref _hashes);
    public int Checks => Volatile.Read(ref _checks);
    public int Running => Volatile.Read(ref _running);
    public int MostAtOnce => Volatile.Read(ref _mostAtOnce);

    public string Hash(string password) => Hold(ref _hashes, () => "counted:" + password);

    public bool Verify(string hash, string password) => Hold(ref _checks, () => hash == "counted:" + password);

    /// <summary>Waits until <paramref name="count"/> hashes run at once, at most <paramref name="within"/>.</summary>
    public bool WaitUntilRunning(int count, TimeSpan within) => SpinWait.SpinUntil(() => Running == count, within);

    private T Hold<T>(ref int counter, Func<T> work)
    {
        Interlocked.Increment(ref counter);
        var now = Interlocked.Increment(ref _running);
        for (var most = MostAtOnce; now > most; most = MostAtOnce)
            Interlocked.CompareExchange(ref _mostAtOnce, now, most);
        try
        {
            Gate.Wait(TimeSpan.FromMinutes(1));
            return work();
        }
        finally { Interlocked.Decrement(ref _running); }
    }

    public void Dispose()
    {
        Gate.Set();
        Gate.Dispose();
    }
}
