using System.Collections.Concurrent;
using System.Reactive.Concurrency;

namespace RxChat.Server.Pipeline;

/// <summary>
/// Slows down guessing: per remote address, the first <see cref="FreeTries"/> wrong passwords
/// cost nothing; each one after them closes the address for a wait that doubles, from
/// <see cref="FirstWait"/> up to <see cref="MaxWait"/>. A right password clears the address.
/// Edge state on the injected scheduler, so its waits are testable on virtual time.
/// </summary>
public sealed class PasswordThrottle(IScheduler clock)
{
    public const int FreeTries = 5;
    public static readonly TimeSpan FirstWait = TimeSpan.FromSeconds(2);
    public static readonly TimeSpan MaxWait = TimeSpan.FromMinutes(5);

    /// <summary>Addresses remembered at most; past it, those that may try again are forgotten first.</summary>
    private const int MaxAddresses = 10_000;

    private readonly ConcurrentDictionary<string, Failures> _byAddress = new();

    private readonly record struct Failures(int Count, DateTimeOffset Until);

    /// <summary>How long <paramref name="address"/> must still wait before a password is checked; zero if it may try now.</summary>
    public TimeSpan WaitFor(string address)
    {
        if (!_byAddress.TryGetValue(address, out var failures)) return TimeSpan.Zero;
        var wait = failures.Until - clock.Now;
        return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
    }

    /// <summary>Counts a wrong password from <paramref name="address"/>.</summary>
    public void Failed(string address)
    {
        if (_byAddress.Count >= MaxAddresses) Forget();
        _byAddress.AddOrUpdate(address, _ => Next(0), (_, failures) => Next(failures.Count));
    }

    public void Succeeded(string address) => _byAddress.TryRemove(address, out _);

    private Failures Next(int count)
    {
        count++;
        if (count < FreeTries) return new Failures(count, clock.Now);
        var doublings = Math.Min(count - FreeTries, 16);
        var wait = TimeSpan.FromTicks(Math.Min(FirstWait.Ticks << doublings, MaxWait.Ticks));
        return new Failures(count, clock.Now + wait);
    }

    private void Forget()
    {
        var now = clock.Now;
        foreach (var (address, failures) in _byAddress)
            if (failures.Until <= now) _byAddress.TryRemove(address, out _);
    }
}
