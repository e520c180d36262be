using System.Net;
using System.Reactive.Subjects;
using RxChat.Server.Log;
using RxChat.Server.Pipeline;
using RxChat.Server.Transport;
using RxChat.Tests.Support;
using RxChat.Tests.Testing;

namespace RxChat.Tests.Server.Pipeline;

/// <summary>
/// Wrong passwords from one address are slowed down, on virtual time: five tries, then a wait
/// that doubles. Another address is not affected, and a right password clears the address.
/// </summary>
public sealed class PasswordThrottleTests : IDisposable
{
    private static readonly IPEndPoint Guesser = new(IPAddress.Parse("192.0.2.7"), 40000);
    private static readonly IPEndPoint Elsewhere = new(IPAddress.Parse("198.51.100.9"), 40000);

    private readonly ChatTestScheduler _clock = new(new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero));
    private readonly SqliteCommandLog _log = SqliteCommandLog.Open(":memory:");
    private readonly Subject<IChatConnection> _accepted = new();
    private readonly IDisposable _running;
    private long _next = 1;

    public PasswordThrottleTests()
    {
        var pipeline = TestPipeline.OnVirtualTime(_log, _clock);
        _running = pipeline.Run(_accepted);
        var alice = Connect(Elsewhere, "alice", "/register correct-horse", "quit");
        Assert.Contains("Account created for alice", alice.Received);
    }

    public void Dispose()
    {
        _running.Dispose();
        _log.Dispose();
    }

    private FakeConnection Connect(IPEndPoint from, params string[] lines)
    {
        var connection = new FakeConnection(_next++) { Remote = from };
        _accepted.OnNext(connection);
        Settle();
        foreach (var line in lines)
        {
            connection.Type(line);
            Settle();
        }
        return connection;
    }

    private void Settle() => _clock.AdvanceBy(TimeSpan.FromMilliseconds(1).Ticks);

    private string LastLineOf(IPEndPoint from, string password)
    {
        var connection = Connect(from, "alice", password);
        Assert.True(connection.HungUp || connection.Received[^1] == "Welcome to the chat server!");
        return connection.Received[^1];
    }

    [Fact]
    public void Five_wrong_tries_then_even_the_right_password_waits_and_the_wait_doubles()
    {
        for (int i = 0; i < PasswordThrottle.FreeTries; i++) Assert.Equal("Wrong password", LastLineOf(Guesser, $"guess-{i}"));

        var turnedAway = Connect(Guesser, "alice");
        Assert.Equal(["Too many wrong passwords from your address: try again in 2 s"], turnedAway.Received); // not even asked for a password
        Assert.True(turnedAway.HungUp);
        var elsewhere = Connect(Elsewhere, "alice", "correct-horse", "quit");
        Assert.Contains("Welcome to the chat server!", elsewhere.Received); // another address is not slowed down

        _clock.AdvanceBy(TimeSpan.FromSeconds(2).Ticks);
        Assert.Equal("Wrong password", LastLineOf(Guesser, "guess-6"));
        Assert.Equal("Too many wrong passwords from your address: try again in 4 s", LastLineOf(Guesser, "guess-7"));

        _clock.AdvanceBy(TimeSpan.FromSeconds(4).Ticks);
        var alice = Connect(Guesser, "alice", "correct-horse");
        Assert.Equal("Welcome to the chat server!", alice.Received[^1]);
        alice.Type("quit");
        Settle();
        // A right password takes back only its own attempt: the wrong ones still count.
        Assert.Equal("Too many wrong passwords from your address: try again in 8 s", LastLineOf(Guesser, "guess-8"));

        _clock.AdvanceBy((PasswordThrottle.ForgetAfter + TimeSpan.FromSeconds(1)).Ticks);
        Assert.Equal("Wrong password", LastLineOf(Guesser, "guess-9")); // forgotten a while after the last one
    }

    [Fact]
    public void A_guesser_cannot_clear_its_record_by_logging_in_to_its_own_account_between_guesses()
    {
        var own = Connect(Guesser, "mallory", "/register mallory-password", "quit");
        Assert.Contains("Account created for mallory", own.Received);

        var answers = new List<string>();
        for (int round = 0; round < 3; round++)
        {
            for (int i = 0; i < 4; i++) answers.Add(LastLineOf(Guesser, $"guess-{round}-{i}"));
            var mallory = Connect(Guesser, "mallory", "mallory-password");
            answers.Add(mallory.Received[^1]);
            if (!mallory.HungUp) mallory.Type("quit");
            Settle();
        }
        Assert.Equal(
            ["Wrong password", "Wrong password", "Wrong password", "Wrong password", "Welcome to the chat server!",
             "Wrong password", // the fifth wrong one: from now on the address waits
             "Too many wrong passwords from your address: try again in 2 s", "Too many wrong passwords from your address: try again in 2 s",
             "Too many wrong passwords from your address: try again in 2 s", "Too many wrong passwords from your address: try again in 2 s"],
            answers.Take(10));
    }

    [Fact]
    public void Attempts_from_one_IPv6_network_count_together_as_one_host_holds_a_whole_slash_64()
    {
        var throttle = new PasswordThrottle(_clock);
        string Of(string address) => throttle.AddressOf(new IPEndPoint(IPAddress.Parse(address), 40000));
        Assert.Equal("2001:db8:1:2::/64", Of("2001:db8:1:2::5"));
        Assert.Equal(Of("2001:db8:1:2::5"), Of("2001:db8:1:2:ffff:ee:dd:cc"));
        Assert.NotEqual(Of("2001:db8:1:2::5"), Of("2001:db8:1:3::5"));
        Assert.Equal("192.0.2.7", Of("::ffff:192.0.2.7")); // IPv4 as IPv4, however it came
        Assert.Equal("192.0.2.7", Of("192.0.2.7"));

        var apart = new PasswordThrottle(_clock, ipv6Prefix: 128);
        Assert.NotEqual(
            apart.AddressOf(new IPEndPoint(IPAddress.Parse("2001:db8:1:2::5"), 1)),
            apart.AddressOf(new IPEndPoint(IPAddress.Parse("2001:db8:1:2::6"), 1)));

        for (int i = 0; i < PasswordThrottle.FreeTries; i++)
            Assert.Equal("Wrong password", LastLineOf(new IPEndPoint(IPAddress.Parse($"2001:db8:1:2::{i + 1}"), 40000), $"guess-{i}"));
        Assert.StartsWith("Too many wrong passwords", LastLineOf(new IPEndPoint(IPAddress.Parse("2001:db8:1:2::99"), 40000), "guess"));
        Assert.Equal("Wrong password", LastLineOf(new IPEndPoint(IPAddress.Parse("2001:db8:1:3::1"), 40000), "guess")); // the next network is not slowed
    }

    [Fact]
    public void A_wrong_old_password_counts_too_but_does_not_close_the_connection()
    {
        var alice = Connect(Elsewhere, "alice", "correct-horse");
        for (int i = 0; i < PasswordThrottle.FreeTries; i++)
        {
            alice.Type($"/password guess-{i} new-password");
            Settle();
            Assert.Equal("Password not changed: wrong password", alice.Received[^1]);
        }
        _clock.AdvanceBy(TimeSpan.FromSeconds(1).Ticks); // the connection's ration of password commands refills …
        alice.Type("/password correct-horse new-password");
        Settle();
        Assert.Equal("Too many wrong passwords from your address: try again in 1 s", alice.Received[^1]); // … the address's wait runs on
        Assert.False(alice.HungUp);
    }

    [Fact]
    public void A_password_not_sent_within_the_login_timeout_is_said_as_such()
    {
        var waiting = Connect(Guesser, "alice");
        _clock.AdvanceBy((ChatOptions.Default.LoginTimeout - TimeSpan.FromSeconds(1)).Ticks);
        Assert.False(waiting.HungUp);
        _clock.AdvanceBy(TimeSpan.FromSeconds(1).Ticks);
        Assert.Equal("No password within 30 s: disconnected", waiting.Received[^1]);
        Assert.True(waiting.HungUp);
        var stored = new List<RxChat.Server.Core.LogEntry>();
        using (_log.EntriesOneByOne(0).Subscribe(stored.Add)) { }
        Assert.Single(stored, e => e.From == waiting.Id && e.Command is RxChat.Server.Core.Disconnected);
    }

    [Fact]
    public void Lines_typed_on_after_a_wrong_password_never_reach_the_log()
    {
        var guesser = Connect(Guesser, "alice", "wrong-horse", "correct-horse", "/join main");
        Assert.Equal("Wrong password", guesser.Received[^1]);

        var stored = new List<RxChat.Server.Core.LogEntry>();
        using (_log.EntriesOneByOne(0).Subscribe(stored.Add)) { }
        Assert.DoesNotContain(stored, e => e.From == guesser.Id && e.Command is RxChat.Server.Core.Say or RxChat.Server.Core.Join);
        Assert.DoesNotContain(stored, e => e.Command.ToString().Contains("horse"));
    }

    [Fact]
    public void Pasted_password_commands_are_rationed_per_connection_so_slow_hashes_cannot_flood_the_server()
    {
        var bob = Connect(Elsewhere, "bob");
        bob.Type("/password no-account-yet new-password"); // no hash needed: not counted
        for (int i = 0; i <= AccountDesk.PasswordCommandBurst; i++) bob.Type($"/register password-{i}");
        Settle();
        Assert.Equal(
            ["You have no account: /register <password> makes one",
             "Account created for bob", "Warning: this connection is not encrypted; your password travels in clear",
             .. Enumerable.Repeat("bob is already registered", AccountDesk.PasswordCommandBurst - 1), "Slow down"],
            bob.Received.Skip(1));

        _clock.AdvanceBy(TimeSpan.FromSeconds(1).Ticks);
        bob.Type("/register third-password");
        Settle();
        Assert.Equal("bob is already registered", bob.Received[^1]);
    }
}
