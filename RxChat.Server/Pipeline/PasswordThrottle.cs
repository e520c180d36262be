using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Reactive.Concurrency;

namespace RxChat.Server.Pipeline;

/// <summary>
/// Slows down guessing, per address (IPv6 addresses by their network prefix, /64 unless set
/// otherwise, since one host commonly holds a whole /64): the first <see cref="FreeTries"/>
/// wrong passwords cost nothing; each one after them closes the address for a wait that
/// doubles, from <see cref="FirstWait"/> up to <see cref="MaxWait"/>. Every attempt counts
/// from the moment it is made, before its hash is checked: while one is being checked, it
/// counts as wrong, so a host cannot get more than its free tries checked at once on many
/// connections. A right password only takes its own attempt back; it does not erase the
/// address's wrong ones (a guesser cannot clear its record by logging in to its own
/// account). They are forgotten <see cref="ForgetAfter"/> after the last one. Edge state on
/// the injected scheduler (testable on virtual time), and per node: each server of a cluster
/// counts the attempts made to it.
/// </summary>
/// <param name="ipv6Prefix">Leading bits of an IPv6 address that make one address here (1 to 128; 128: every address apart).</param>
public sealed class PasswordThrottle(IScheduler clock, int ipv6Prefix = PasswordThrottle.DefaultIPv6Prefix)
{
    public const int FreeTries = 5;
    public const int DefaultIPv6Prefix = 64;
    public static readonly TimeSpan FirstWait = TimeSpan.FromSeconds(2);
    public static readonly TimeSpan MaxWait = TimeSpan.FromMinutes(5);

    /// <summary>How long an address's wrong passwords are remembered after its last one.</summary>
    public static readonly TimeSpan ForgetAfter = TimeSpan.FromMinutes(15);

    /// <summary>Addresses remembered at most; past it, those that may try again are forgotten first.</summary>
    private const int MaxAddresses = 10_000;

    private readonly int _ipv6Prefix = Math.Clamp(ipv6Prefix, 1, 128);
    private readonly ConcurrentDictionary<string, Attempts> _byAddress = new();

    /// <param name="Wrong">Wrong passwords, and attempts still being checked.</param>
    /// <param name="Until">No password from the address is checked before this.</param>
    /// <param name="Last">When the latest attempt was made.</param>
    private readonly record struct Attempts(int Wrong, DateTimeOffset Until, DateTimeOffset Last);

    /// <summary>The key attempts are counted under: the IP address without the port, an IPv6 one cut to its prefix.</summary>
    public string AddressOf(EndPoint? remote) => remote switch
    {
        IPEndPoint { Address: var ip } when ip.IsIPv4MappedToIPv6 => ip.MapToIPv4().ToString(),
        IPEndPoint { Address.AddressFamily: AddressFamily.InterNetworkV6 } v6 when _ipv6Prefix < 128 => Network(v6.Address),
        IPEndPoint ip => ip.Address.ToString(),
        null => "unknown",
        _ => remote.ToString() ?? "unknown",
    };

    private string Network(IPAddress address)
    {
        var bytes = address.GetAddressBytes();
        for (int bit = _ipv6Prefix; bit < 128; bit++) bytes[bit / 8] &= (byte)~(0x80 >> (bit % 8));
        return $"{new IPAddress(bytes)}/{_ipv6Prefix}";
    }

    /// <summary>How long <paramref name="address"/> must still wait before a password is checked; zero if it may try now.</summary>
    public TimeSpan WaitFor(string address)
    {
        if (!_byAddress.TryGetValue(address, out var attempts)) return TimeSpan.Zero;
        var now = clock.Now;
        if (IsForgotten(attempts, now)) return TimeSpan.Zero;
        var wait = attempts.Until - now;
        return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
    }

    /// <summary>
    /// An attempt from <paramref name="address"/>, counted as wrong until <see cref="Right"/> takes
    /// it back: zero when its password may be checked now; else how long the address must wait
    /// (and the attempt is not counted).
    /// </summary>
    public TimeSpan Attempt(string address)
    {
        if (_byAddress.Count >= MaxAddresses) Forget();
        var wait = TimeSpan.Zero;
        _byAddress.AddOrUpdate(address, _ => Next(Fresh), (_, attempts) =>
        {
            var now = clock.Now;
            if (IsForgotten(attempts, now)) attempts = Fresh;
            wait = attempts.Until - now;
            return wait > TimeSpan.Zero ? attempts : Next(attempts);
        });
        return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
    }

    /// <summary>
    /// The password of an <see cref="Attempt"/> was right (or was not checked after all): that
    /// attempt, and only it, is taken back. The wait it set stays while the wrong ones left still call for one.
    /// </summary>
    public void Right(string address) =>
        _byAddress.AddOrUpdate(address, _ => Fresh, (_, attempts) =>
        {
            var wrong = Math.Max(0, attempts.Wrong - 1);
            return attempts with { Wrong = wrong, Until = wrong >= FreeTries ? attempts.Until : DateTimeOffset.MinValue };
        });

    private Attempts Fresh => new(0, DateTimeOffset.MinValue, clock.Now);

    private static bool IsForgotten(Attempts attempts, DateTimeOffset now) => now - attempts.Last > ForgetAfter && attempts.Until <= now;

    private Attempts Next(Attempts attempts)
    {
        var now = clock.Now;
        var wrong = attempts.Wrong + 1;
        if (wrong < FreeTries) return new Attempts(wrong, attempts.Until, now);
        var doublings = Math.Min(wrong - FreeTries, 16);
        var wait = TimeSpan.FromTicks(Math.Min(FirstWait.Ticks << doublings, MaxWait.Ticks));
        return new Attempts(wrong, now + wait, now);
    }

    private void Forget()
    {
        var now = clock.Now;
        foreach (var (address, attempts) in _byAddress)
            if (attempts.Until <= now) _byAddress.TryRemove(address, out _);
    }
}
