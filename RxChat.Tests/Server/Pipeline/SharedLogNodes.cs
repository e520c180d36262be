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
    public TestScheduler Scheduler { get; } = new(Start);
    public SqliteCommandLog Log { get; } = SqliteCommandLog.Open(SqliteCommandLog.InMemory);

    /// <summary>What the node folds; <see cref="CuttableLog.CutOff"/> stops its appends from reaching the shared log.</summary>
    public Dictionary<string, CuttableLog> LogOf { get; } = new();

    public ChatPipeline this[string node] => _running[node].Pipeline;

    public bool IsRunning(string node) => _running.ContainsKey(node);

    /// <summary>Starts (or restarts) <paramref name="node"/>: it catches up with the log and appends its start.</summary>
    public ChatPipeline StartNode(string node)
    {
        var log = LogOf[node] = new CuttableLog(Log);
        var options = new ChatOptions { Node = node, Rules = Rules, TimeZone = TimeZoneInfo.Utc, Heartbeats = true, Flood = FloodLimits.Off };
        var pipeline = new ChatPipeline(options, log, Scheduler, Scheduler.AsWorker);
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

/// <summary>
/// A node's view of the shared log that can be cut off from it: while cut off, appends fail
/// as they would with the log out of reach; the node still reads (a one-way cut, the
/// simplest partition that lets the node see itself declared lost).
/// </summary>
internal sealed class CuttableLog(ICommandLog shared) : ICommandLog
{
    public bool CutOff { get; set; }

    public string Where => shared.Where;

    public ChatSnapshot? LatestSnapshot() => shared.LatestSnapshot();

    public IObservable<IReadOnlyList<LogEntry>> Entries(long after) => shared.Entries(after);

    public void Append(IReadOnlyList<Stamped> run)
    {
        if (CutOff) throw new LogWriteException("cut off from the log");
        shared.Append(run);
    }

    public void SaveSnapshot(ChatState state) => shared.SaveSnapshot(state);

    public void Dispose() { } // the shared log is the test's to close
}
