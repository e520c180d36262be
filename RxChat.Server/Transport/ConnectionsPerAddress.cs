using System.Net;
using System.Reactive.Concurrency;

namespace RxChat.Server.Transport;

/// <summary>Why a new connection was turned away because of where it came from.</summary>
public enum AddressRefusal
{
    /// <summary>The address already holds <see cref="AddressLimits.MaxOpen"/> connections.</summary>
    TooManyOpen,
    /// <summary>The address opened <see cref="AddressLimits.NewPerMinute"/> connections within the last minute.</summary>
    TooManyNew,
}

/// <summary>
/// The per-address bounds of <see cref="AddressLimits"/>, shared by every way in (plain TCP,
/// TLS, WebSocket): each new connection asks <see cref="TryAdmit"/> before it becomes a chat
/// connection, and an admitted one calls <see cref="Release"/> when it closes. The rate is a
/// <see cref="SchedulerTokenBucket"/> per address on the server's clock, so tests drive it on
/// virtual time. Thread-safe: the TCP accept loop and Kestrel's threads ask at once.
/// </summary>
public sealed class ConnectionsPerAddress
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    /// <summary>Below this many addresses nothing is swept: the table stays tiny anyway.</summary>
    private const int SweepFloor = 1024;

    private readonly AddressLimits _limits;
    private readonly IScheduler _clock;
    private readonly Dictionary<IPAddress, Tally> _byAddress = [];
    private readonly Lock _lock = new();
    private int _sweepAt = SweepFloor;

    public ConnectionsPerAddress(AddressLimits limits, IScheduler clock)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limits.MaxOpen);
        ArgumentOutOfRangeException.ThrowIfNegative(limits.NewPerMinute);
        _limits = limits;
        _clock = clock;
    }

    public AddressLimits Limits => _limits;

    /// <summary>
    /// Counts a new connection from <paramref name="remote"/>, or says why it must be turned
    /// away (then nothing is counted). A connection without an IP address (a Unix socket, a
    /// test double) is not limited.
    /// </summary>
    /// <returns>null when admitted: call <see cref="Release"/> with the same address when it closes.</returns>
    public AddressRefusal? TryAdmit(EndPoint? remote)
    {
        if (Key(remote) is not { } address) return null;
        lock (_lock)
        {
            if (!_byAddress.TryGetValue(address, out var tally))
            {
                SweepIfLarge();
                tally = new Tally(_limits.NewPerMinute > 0
                    ? new SchedulerTokenBucket(_limits.NewPerMinute, _limits.NewPerMinute, Minute, _clock)
                    : null);
                _byAddress[address] = tally;
            }
            // The open count is checked first: a refused connection must not spend a token
            // that a later, admissible one would need.
            if (_limits.MaxOpen > 0 && tally.Open >= _limits.MaxOpen) return AddressRefusal.TooManyOpen;
            if (tally.NewConnections is { } bucket)
            {
                using var lease = bucket.AttemptAcquire();
                if (!lease.IsAcquired) return AddressRefusal.TooManyNew;
            }
            tally.Open++;
            return null;
        }
    }

    /// <summary>An admitted connection from <paramref name="remote"/> has closed.</summary>
    public void Release(EndPoint? remote)
    {
        if (Key(remote) is not { } address) return;
        lock (_lock)
        {
            if (_byAddress.TryGetValue(address, out var tally) && tally.Open > 0) tally.Open--;
        }
    }

    /// <summary>Connections open from <paramref name="remote"/>'s address (for tests and diagnostics).</summary>
    public int OpenFrom(EndPoint? remote)
    {
        if (Key(remote) is not { } address) return 0;
        lock (_lock) return _byAddress.TryGetValue(address, out var tally) ? tally.Open : 0;
    }

    /// <summary>Addresses remembered (for tests: forgotten ones cost nothing).</summary>
    public int Remembered
    {
        get { lock (_lock) return _byAddress.Count; }
    }

    /// <summary>
    /// The address a limit applies to, or null when none does. An IPv4 client on a dual-mode
    /// socket arrives as <c>::ffff:a.b.c.d</c>: it is the same host as <c>a.b.c.d</c>.
    /// </summary>
    private IPAddress? Key(EndPoint? remote)
    {
        if (remote is not IPEndPoint { Address: var address }) return null;
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (_limits.ExemptLoopback && IPAddress.IsLoopback(address)) return null;
        if (_limits.MaxOpen == 0 && _limits.NewPerMinute == 0) return null;
        return address;
    }

    /// <summary>
    /// Forgets addresses that hold nothing: no open connection and a full bucket (they would
    /// be admitted exactly as a stranger would). Run when the table has doubled since the last
    /// sweep, so a stream of one-off visitors costs amortised O(1) and bounded memory.
    /// </summary>
    private void SweepIfLarge()
    {
        if (_byAddress.Count < _sweepAt) return;
        foreach (var (address, tally) in _byAddress)
            if (tally.Open == 0 && (tally.NewConnections?.IsFull ?? true))
            {
                _byAddress.Remove(address);
                tally.NewConnections?.Dispose();
            }
        _sweepAt = Math.Max(SweepFloor, _byAddress.Count * 2);
    }

    private sealed class Tally(SchedulerTokenBucket? newConnections)
    {
        public int Open;
        public SchedulerTokenBucket? NewConnections { get; } = newConnections;
    }
}
