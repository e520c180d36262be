using System.Reactive.Subjects;
using RxChat.Server.Core;
using RxChat.Server.Log;
using RxChat.Server.Pipeline;
using RxChat.Server.Transport;
using RxChat.Tests.Support;
using RxChat.Tests.Testing;

namespace RxChat.Tests.Server.Pipeline;

/// <summary>
/// When the log cannot store a run (a full disk), nothing of it happens: each sender hears
/// its line was not delivered, nobody else hears anything, the chat goes on, and a
/// disconnect that could not be stored is stored as soon as the log can store again.
/// </summary>
public sealed class NotStoredTests : IDisposable
{
    private readonly FailingLog _log = new(SqliteCommandLog.Open(":memory:"));
    private readonly Subject<IChatConnection> _connections = new();
    private readonly ChatPipeline _pipeline;
    private readonly IDisposable _running;
    private readonly FakeConnection _alice = new(1), _bob = new(2);

    public NotStoredTests()
    {
        var clock = new ChatTestScheduler(new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero));
        _pipeline = TestPipeline.FoldingAtOnce(_log, clock);
        _running = _pipeline.Run(_connections);
        foreach (var (connection, name) in new[] { (_alice, "alice"), (_bob, "bob") })
        {
            _connections.OnNext(connection);
            connection.Type(name, "/join main");
        }
        _alice.Received.Clear();
        _bob.Received.Clear();
    }

    [Fact]
    public void A_line_that_cannot_be_stored_is_refused_to_its_sender_and_reaches_nobody()
    {
        _log.Failing = true;
        _alice.Type("lost in the void");
        Assert.Equal(["Not delivered: the server could not store it"], _alice.Received);
        Assert.Empty(_bob.Received);

        _log.Failing = false;
        _alice.Type("and now?");
        Assert.Equal(["[12:00:00] alice: and now?"], _bob.Received);
        _bob.Type("/history");
        Assert.DoesNotContain(_bob.Received, line => line.Contains("lost in the void"));
    }

    [Fact]
    public void A_disconnect_that_cannot_be_stored_is_stored_with_the_next_run()
    {
        _log.Failing = true;
        _alice.Close();
        Assert.Empty(_bob.Received);
        Assert.NotNull(_pipeline.State.Find(_alice.Id)); // not in the log, so not forgotten yet

        _log.Failing = false;
        _bob.Type("/users");
        Assert.Equal(["[12:00:00] alice left the room main", "[12:00:00] bob is now the leader of main", "Users: bob"], _bob.Received);
        Assert.Null(_pipeline.State.Find(_alice.Id));
    }

    public void Dispose()
    {
        _running.Dispose();
        _log.Dispose();
    }
}
