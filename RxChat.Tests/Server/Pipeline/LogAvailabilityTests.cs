using System.Reactive.Subjects;
using RxChat.Protocol;
using RxChat.Server.Core;
using RxChat.Server.Log;
using RxChat.Server.Pipeline;
using RxChat.Server.Protocol;
using RxChat.Server.Transport;
using RxChat.Tests.Support;
using RxChat.Tests.Testing;

namespace RxChat.Tests.Server.Pipeline;

/// <summary>
/// A log kept elsewhere (NATS) says when it cannot store runs and when it can again: this
/// node's users are told once each way, in their own codec, and meanwhile each line is
/// refused as usual. The real NATS log is tested in Cluster/; here the log is a stand-in.
/// </summary>
public sealed class LogAvailabilityTests : IDisposable
{
    private readonly UnreachableLog _log = new(SqliteCommandLog.Open(":memory:"));
    private readonly Subject<IChatConnection> _connections = new();
    private readonly ChatPipeline _pipeline;
    private readonly IDisposable _running;
    private readonly FakeConnection _alice = new(1), _bob = new(2);

    public LogAvailabilityTests()
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
    public void Users_are_told_once_when_the_log_is_lost_each_line_is_refused_and_they_are_told_when_it_is_back()
    {
        Assert.True(_pipeline.LogAvailable);
        _log.Reachable = false;
        Assert.False(_pipeline.LogAvailable); // what /healthz and rxchat_log_available report
        Assert.Equal([ServerLines.LogUnreachable.Render()], _alice.Received);
        Assert.Equal([ServerLines.LogUnreachable.Render()], _bob.Received);

        _alice.Type("anyone?", "hello?");
        Assert.Equal([ServerLines.LogUnreachable.Render(), ServerLines.NotStored.Render(), ServerLines.NotStored.Render()], _alice.Received);
        Assert.Single(_bob.Received);

        _log.Reachable = true;
        Assert.True(_pipeline.LogAvailable);
        _alice.Type("back");
        Assert.Equal([ServerLines.LogUnreachable.Render(), ServerLines.LogBack.Render(), "[12:00:00] alice: back"], _bob.Received);
    }

    [Fact]
    public void A_WebSocket_user_is_told_in_its_own_codec()
    {
        var carol = new FakeConnection(3, codec: CodecKind.Json);
        _connections.OnNext(carol);
        carol.Received.Clear();

        _log.Reachable = false;
        var notice = Assert.Single(carol.Received);
        using var json = System.Text.Json.JsonDocument.Parse(notice);
        Assert.Equal("error", json.RootElement.GetProperty("type").GetString());
        Assert.Equal(ServerLines.LogUnreachable.Render(), json.RootElement.GetProperty("text").GetString());
    }

    [Fact]
    public void A_WebSocket_user_arriving_while_the_log_is_unreachable_is_told_its_connection_could_not_be_stored()
    {
        _log.Reachable = false;
        var carol = new FakeConnection(3, codec: CodecKind.Json);
        _connections.OnNext(carol);

        using var json = System.Text.Json.JsonDocument.Parse(Assert.Single(carol.Received));
        Assert.Equal(ServerLines.NotStored.Render(), json.RootElement.GetProperty("text").GetString());
        Assert.True(carol.HungUp);
    }

    [Fact]
    public void Nothing_is_said_while_the_log_stays_reachable()
    {
        _alice.Type("hi");
        Assert.Equal(["[12:00:00] alice: hi"], _bob.Received);
        Assert.Empty(_alice.Received);
    }

    public void Dispose()
    {
        _running.Dispose();
        _log.Dispose();
    }

    /// <summary>The embedded log in memory, made unreachable at will, saying so as a shared log does.</summary>
    private sealed class UnreachableLog(ICommandLog inner) : FailingLog(inner, "the chat's log is not reachable"), ILogAvailability
    {
        private readonly BehaviorSubject<bool> _available = new(true);

        public bool Reachable
        {
            get => !Failing;
            set
            {
                Failing = !value;
                _available.OnNext(value);
            }
        }

        public IObservable<bool> Available => _available;
    }
}
