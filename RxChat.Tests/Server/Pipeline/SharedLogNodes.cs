using System.Reactive.Subjects;
using RxChat.Server.Core;
using RxChat.Server.Log;
using RxChat.Server.Pipeline;
using RxChat.Server.Transport;
using RxChat.Tests.Support;
using RxChat.Tests.Testing;

namespace RxChat.Tests.Server.Pipeline;

/// <summary>
/// Several production <see cref="ChatPipeline"/>s — nodes — over one in-memory log on one
/// virtual clock, as a cluster would run them over NATS: each appends its own connections'
/// commands and heartbeats, each folds every entry, each delivers to its own connections.
/// </summary>
internal sealed class SharedLogNodes : IDisposable
{
    public static readonly DateTimeOffset Start = new(2026, 12, 3, 12, 0, 0, TimeSpan.Zero);

    private readonly Dictionary<string, (ChatPipeline Pipeline, IDisposable Running, Subject<IChatConnection> Accept)> _running = new();
    private readonly Dictionary<string, long> _accepted = new();

    public SharedLogNodes(ChatRules? rules = null) => Rules = rules ?? ChatRules.Default;

    public ChatRules Rules { get; }

    /// <summary>What every node logged: a test can insist nothing went wrong (no critical error).</summary>
    public CapturedLog Logged { get; } = new();
    public ChatTestScheduler Scheduler { get; } = new(Start);
    public SqliteCommandLog Log { get; } = SqliteCommandLog.Open(SqliteCommandLog.InMemory);

    /// <summary>
    /// Each node's view of the shared log: <see cref="FailingLog.Failing"/> cuts the node off,
    /// so nothing it appends reaches the log while it still reads (a one-way cut, the simplest
    /// partition that lets a node see itself declared lost).
    /// </summary>
    public Dictionary<string, FailingLog> LogOf { get; } = new();

    public ChatPipeline this[string node] => _running[node].Pipeline;

    public bool IsRunning(string node) => _running.ContainsKey(node);

    /// <summary>Starts (or restarts) <paramref name="node"/>: it catches up with the log and appends its start.</summary>
    public ChatPipeline StartNode(string node)
    {
        // A snapshot another node is writing (in the background) compacts the entries it covers:
        // let it finish, so the newest snapshot and the entries after it agree when this node reads them.
        Log.SnapshotWritten.Wait();
        var log = LogOf[node] = new FailingLog(Log, "cut off from the log", ownsInner: false);
        var options = new ChatOptions { Node = node, Rules = Rules, TimeZone = TimeZoneInfo.Utc, Heartbeats = true, Flood = FloodLimits.Off };
        var pipeline = TestPipeline.OnVirtualTime(log, Scheduler, options, Logged);
        var accept = new Subject<IChatConnection>();
        _running[node] = (pipeline, pipeline.Run(accept), accept);
        return pipeline;
    }

    /// <summary>The node's process dies: it appends nothing more and says no goodbye.</summary>
    public void Kill(string node)
    {
        _running[node].Running.Dispose();
        _running.Remove(node);
    }

    /// <summary>A connection accepted by <paramref name="node"/>, logged in as <paramref name="username"/>.</summary>
    public FakeConnection Connect(string node, string username)
    {
        var connection = new FakeConnection(_accepted[node] = _accepted.GetValueOrDefault(node) + 1, node);
        _running[node].Accept.OnNext(connection);
        connection.Type(username);
        Settle();
        return connection;
    }

    /// <summary>Lets the fold take everything pending at the current virtual time.</summary>
    public void Settle() => Scheduler.AdvanceBy(1);

    public void AdvanceBy(TimeSpan time) => Scheduler.AdvanceBy(time.Ticks);

    public IEnumerable<ChatPipeline> Pipelines => _running.Values.Select(r => r.Pipeline);

    public void Dispose()
    {
        foreach (var (_, running, _) in _running.Values) running.Dispose();
        Log.Dispose();
    }
}
