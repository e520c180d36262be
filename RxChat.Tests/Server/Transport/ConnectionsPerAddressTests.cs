using System.Net;
using System.Reactive.Concurrency;
using RxChat.Server.Transport;
using RxChat.Tests.Testing;

namespace RxChat.Tests.Server.Transport;

/// <summary>The per-address bounds on virtual time: each refusal, and another address unaffected.</summary>
public sealed class ConnectionsPerAddressTests
{
    private static readonly DateTimeOffset Noon = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly IPEndPoint Alice = new(IPAddress.Parse("192.0.2.1"), 40001);
    private static readonly IPEndPoint AliceAgain = new(IPAddress.Parse("192.0.2.1"), 40002);
    private static readonly IPEndPoint Bob = new(IPAddress.Parse("192.0.2.2"), 40001);

    private static (ConnectionsPerAddress Limits, ChatTestScheduler Clock) Make(int maxOpen, int newPerMinute, bool exemptLoopback = false)
    {
        var clock = new ChatTestScheduler(Noon);
        return (new ConnectionsPerAddress(new AddressLimits(maxOpen, newPerMinute, exemptLoopback), clock), clock);
    }

    [Fact]
    public void The_open_connections_of_one_address_are_bounded_and_another_address_is_not_affected()
    {
        var (limits, _) = Make(maxOpen: 2, newPerMinute: 0);
        Assert.Null(limits.TryAdmit(Alice));
        Assert.Null(limits.TryAdmit(AliceAgain)); // another port, the same host
        Assert.Equal(AddressRefusal.TooManyOpen, limits.TryAdmit(Alice));
        Assert.Null(limits.TryAdmit(Bob));
        Assert.Equal(2, limits.OpenFrom(Alice));

        limits.Release(Alice);
        Assert.Null(limits.TryAdmit(Alice));
        Assert.Equal(AddressRefusal.TooManyOpen, limits.TryAdmit(Alice));
    }

    [Fact]
    public void New_connections_per_minute_are_a_burst_then_one_every_sixtieth_of_a_minute_per_connection_allowed()
    {
        var (limits, clock) = Make(maxOpen: 0, newPerMinute: 3);
        for (int i = 0; i < 3; i++)
        {
            Assert.Null(limits.TryAdmit(Alice));
            limits.Release(Alice); // closing again does not give the token back
        }
        Assert.Equal(AddressRefusal.TooManyNew, limits.TryAdmit(Alice));
        Assert.Null(limits.TryAdmit(Bob));

        clock.AdvanceBy(TimeSpan.FromSeconds(20) - TimeSpan.FromTicks(1));
        Assert.Equal(AddressRefusal.TooManyNew, limits.TryAdmit(Alice));
        clock.AdvanceBy(TimeSpan.FromTicks(1)); // 3 per minute: one more every 20 s
        Assert.Null(limits.TryAdmit(Alice));
        Assert.Equal(AddressRefusal.TooManyNew, limits.TryAdmit(Alice));
    }

    [Fact]
    public void A_connection_refused_for_too_many_open_does_not_spend_the_rate()
    {
        var (limits, _) = Make(maxOpen: 1, newPerMinute: 2);
        Assert.Null(limits.TryAdmit(Alice));
        for (int i = 0; i < 10; i++) Assert.Equal(AddressRefusal.TooManyOpen, limits.TryAdmit(Alice));
        limits.Release(Alice);
        Assert.Null(limits.TryAdmit(Alice)); // the second token of the minute is still there
    }

    [Fact]
    public void Loopback_is_limited_by_default_and_exempt_when_configured()
    {
        var local = new IPEndPoint(IPAddress.Loopback, 40001);
        var (limited, _) = Make(maxOpen: 1, newPerMinute: 0);
        Assert.Null(limited.TryAdmit(local));
        Assert.Equal(AddressRefusal.TooManyOpen, limited.TryAdmit(local));

        var (exempt, _) = Make(maxOpen: 1, newPerMinute: 1, exemptLoopback: true);
        for (int i = 0; i < 100; i++) Assert.Null(exempt.TryAdmit(local));
        Assert.Null(exempt.TryAdmit(new IPEndPoint(IPAddress.Parse("127.0.0.2"), 1)));
        Assert.Null(exempt.TryAdmit(new IPEndPoint(IPAddress.IPv6Loopback, 1)));
        Assert.Null(exempt.TryAdmit(Alice));
        Assert.Equal(AddressRefusal.TooManyOpen, exempt.TryAdmit(Alice)); // everyone else still counts
    }

    [Fact]
    public void An_IPv4_client_on_a_dual_mode_socket_is_the_same_host()
    {
        var (limits, _) = Make(maxOpen: 1, newPerMinute: 0);
        Assert.Null(limits.TryAdmit(Alice));
        Assert.Equal(AddressRefusal.TooManyOpen, limits.TryAdmit(new IPEndPoint(Alice.Address.MapToIPv6(), 5)));
    }

    [Fact]
    public void Addresses_that_hold_nothing_are_forgotten_so_a_crowd_of_visitors_costs_bounded_memory()
    {
        var (limits, clock) = Make(maxOpen: 5, newPerMinute: 60);
        for (int i = 0; i < 20_000; i++)
        {
            var visitor = new IPEndPoint(new IPAddress(0x0A000000u + (uint)i), 1);
            Assert.Null(limits.TryAdmit(visitor));
            limits.Release(visitor);
            clock.AdvanceBy(TimeSpan.FromSeconds(1)); // each bucket is full again a second later
        }
        Assert.True(limits.Remembered <= 2048, $"{limits.Remembered} addresses remembered");

        var stayer = new IPEndPoint(IPAddress.Parse("192.0.2.9"), 1);
        for (int i = 0; i < 5; i++) Assert.Null(limits.TryAdmit(stayer));
        for (int i = 0; i < 5000; i++)
        {
            var visitor = new IPEndPoint(new IPAddress(0x0B000000u + (uint)i), 1);
            limits.TryAdmit(visitor);
            limits.Release(visitor);
            clock.AdvanceBy(TimeSpan.FromSeconds(1));
        }
        Assert.Equal(AddressRefusal.TooManyOpen, limits.TryAdmit(stayer)); // one that holds connections is never forgotten
    }

    [Fact]
    public void The_refusals_are_worded_in_ServerLines()
    {
        var limits = new AddressLimits(MaxOpen: 50, NewPerMinute: 60);
        Assert.Equal("Too many connections from your address (max 50)", AddressRefusals.Line(AddressRefusal.TooManyOpen, limits));
        Assert.Equal("Too many new connections from your address (max 60 per minute)", AddressRefusals.Line(AddressRefusal.TooManyNew, limits));
    }
}
