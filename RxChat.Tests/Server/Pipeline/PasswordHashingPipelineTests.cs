using System.Net;
using System.Reactive.Concurrency;
using System.Reactive.Subjects;
using RxChat.Server.Core;
using RxChat.Server.Log;
using RxChat.Server.Pipeline;
using RxChat.Server.Transport;
using RxChat.Tests.Support;
using RxChat.Tests.Testing;

namespace RxChat.Tests.Server.Pipeline;

/// <summary>
/// Password work as a bounded resource, through the whole pipeline with a hasher that counts:
/// a capped number of hashes at once while others are answered, no hash for a <c>/register</c>
/// the chat would refuse anyway, and the server-wide registration bounds said clearly.
/// </summary>
public sealed class PasswordHashingPipelineTests : IDisposable
{
    private static readonly IPEndPoint Host = new(IPAddress.Parse("192.0.2.7"), 40000);
    private static readonly IPEndPoint Elsewhere = new(IPAddress.Parse("198.51.100.9"), 40000);
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(60);

    private readonly CountingHasher _hasher = new();
    private readonly SqliteCommandLog _log = SqliteCommandLog.Open(":memory:");
    private readonly Subject<IChatConnection> _accepted = new();
    private readonly List<IDisposable> _running = [];
    private long _next = 1;

    public void Dispose()
    {
        _hasher.Gate.Set();
        foreach (var running in _running) running.Dispose();
        _log.Dispose();
        _hasher.Dispose();
    }

    private FakeConnection Accept(IPEndPoint from)
    {
        var connection = new FakeConnection(_next++) { Remote = from };
        _accepted.OnNext(connection);
        return connection;
    }

    [Fact]
    public void Concurrent_hashes_never_exceed_the_cap_and_a_bystander_is_answered_meanwhile()
    {
        // Real threads: hashes on the thread pool, the fold on a thread of its own.
        var foldOn = new EventLoopScheduler();
        _running.Add(foldOn);
        var options = new ChatOptions
        {
            TimeZone = TimeZoneInfo.Utc,
            Flood = FloodLimits.Off,
            PasswordWork = new PasswordWorkLimits(Concurrency: 2, MaxWaiting: 4),
        };
        var pipeline = TestPipeline.Create(_log, Scheduler.Default, foldOn, options, hashOn: TaskPoolScheduler.Default, hasher: _hasher);
        _running.Add(pipeline.Run(_accepted));
        _hasher.Gate.Reset(); // every hash now waits until the test lets it go

        // One host, eight connections, eight /register: two hash, four wait, two are turned away.
        var host = Enumerable.Range(1, 8).Select(i =>
        {
            var connection = Accept(Host);
            connection.Type($"user{i}", $"/register password-{i}");
            return connection;
        }).ToList();
        Assert.True(_hasher.WaitUntilRunning(2, Generous));

        // Another address: its /register takes the place of the host's newest waiting one.
        var dave = Accept(Elsewhere);
        dave.Type("dave", "/register dave-password");

        // A bystander is answered while the hashes are held.
        var carol = Accept(Elsewhere);
        carol.Type("carol", "/users");
        Assert.True(carol.WaitUntil(lines => lines.Any(line => line.StartsWith("Users: ", StringComparison.Ordinal)), Generous));
        Assert.Equal(2, _hasher.Running);
        const string busy = "Server busy, try again in a moment";
        Assert.True(SpinWait.SpinUntil(() => host.Count(c => c.ReceivedSoFar().Contains(busy)) == 3, Generous));
        Assert.Equal(2, _hasher.MostAtOnce);

        _hasher.Gate.Set();
        var registered = host.Where(c => !c.ReceivedSoFar().Contains(busy)).Append(dave).ToList();
        Assert.Equal(6, registered.Count);
        foreach (var connection in registered)
            Assert.True(connection.WaitUntil(lines => lines.Any(line => line.StartsWith("Account created for ", StringComparison.Ordinal)), Generous));
        Assert.Equal(6, _hasher.Hashes); // the three turned away cost nothing
        Assert.True(_hasher.MostAtOnce <= 2);
        Assert.Equal(6, pipeline.State.Accounts.Count);
    }

    private (ChatPipeline Pipeline, ChatTestScheduler Clock) OnVirtualTime(ChatRules? rules = null)
    {
        var clock = new ChatTestScheduler(new DateTimeOffset(2026, 12, 6, 12, 0, 0, TimeSpan.Zero));
        var options = new ChatOptions { TimeZone = TimeZoneInfo.Utc, Rules = rules ?? ChatRules.Default };
        var pipeline = TestPipeline.Create(_log, clock, clock.AsWorker, options, hasher: _hasher);
        _running.Add(pipeline.Run(_accepted));
        return (pipeline, clock);
    }

    private static FakeConnection Typed(FakeConnection connection, ChatTestScheduler clock, params string[] lines)
    {
        clock.AdvanceBy(1);
        foreach (var line in lines)
        {
            connection.Type(line);
            clock.AdvanceBy(TimeSpan.FromMilliseconds(1).Ticks);
        }
        return connection;
    }

    [Fact]
    public void A_register_of_a_name_already_registered_costs_no_hash()
    {
        var (_, clock) = OnVirtualTime();
        Typed(Accept(Elsewhere), clock, "alice", "/register correct-horse", "quit");
        Assert.Equal(1, _hasher.Hashes);

        var alice = Typed(Accept(Elsewhere), clock, "alice", "correct-horse", "/register another-horse");
        Assert.Equal("alice is already registered", alice.Received[^1]);
        Assert.Equal(1, _hasher.Checks); // the password at login
        Assert.Equal(1, _hasher.Hashes); // and nothing for the refused /register
    }

    [Fact]
    public void Past_the_cap_on_accounts_register_is_refused_clearly_and_costs_no_hash()
    {
        var (_, clock) = OnVirtualTime(ChatRules.Default with { MaxAccounts = 2 });
        Typed(Accept(Elsewhere), clock, "u1", "/register password-1");
        Typed(Accept(Elsewhere), clock, "u2", "/register password-2");
        var third = Typed(Accept(Elsewhere), clock, "u3", "/register password-3");
        Assert.Equal("No more accounts can be made here (max 2)", third.Received[^1]);
        Assert.Equal(2, _hasher.Hashes);
    }

    [Fact]
    public void Past_the_registration_rate_register_is_refused_clearly_and_works_again_later()
    {
        var (pipeline, clock) = OnVirtualTime(ChatRules.Default with { MaxRegistrations = 2, RegistrationWindow = TimeSpan.FromMinutes(10) });
        Typed(Accept(Elsewhere), clock, "u1", "/register password-1");
        Typed(Accept(Elsewhere), clock, "u2", "/register password-2");
        var third = Typed(Accept(Elsewhere), clock, "u3", "/register password-3");
        Assert.Equal("Too many new accounts lately: try again in 600 s", third.Received[^1]);
        Assert.Equal(2, _hasher.Hashes);

        clock.AdvanceBy(TimeSpan.FromMinutes(10).Ticks);
        Typed(third, clock, "/register password-3");
        Assert.Equal("Account created for u3", third.Received[^2]); // then the clear-text warning
        Assert.Equal(3, pipeline.State.Accounts.Count);
    }

    [Fact]
    public void The_second_spelling_of_a_registered_name_is_asked_for_its_password_and_a_look_alike_is_refused()
    {
        var (_, clock) = OnVirtualTime();
        Typed(Accept(Elsewhere), clock, "Zo\u00EB", "/register correct-horse", "quit");

        var second = Typed(Accept(Host), clock, "Zoe\u0308");
        Assert.Equal("Password for Zo\u00EB:", second.Received[^1]);
        Typed(second, clock, "correct-horse");
        Assert.Equal("Welcome to the chat server!", second.Received[^1]);

        var lookAlike = Typed(Accept(Host), clock, "Zo\u00EB".Replace('o', '\u043E')); // Cyrillic о
        Assert.Equal("Username \"Z\u043E\u00EB\" looks like a registered name", lookAlike.Received[^1]);
        Assert.True(lookAlike.HungUp);

        var nobody = Typed(Accept(Host), clock, "\u3164");
        Assert.Equal("Username must not contain invisible characters", nobody.Received[^1]);
    }
}
