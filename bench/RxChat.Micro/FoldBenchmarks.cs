using System.Reactive.Concurrency;
using System.Reactive.Subjects;
using BenchmarkDotNet.Attributes;
using RxChat.Protocol;
using RxChat.Server.Core;
using RxChat.Server.Log;
using RxChat.Server.Pipeline;
using RxChat.Server.Delivery;
using RxChat.Server.Protocol;
using RxChat.Server.Transport;

namespace RxChat.Micro;

/// <summary>
/// The fold's cost for one chat line in a room of <see cref="Members"/>: the real pipeline —
/// stamp, append to the log, Decide, Evolve, Route, render, one append to the room's
/// shared stream, publish — on the calling thread. The log is SQLite in memory: its cost
/// per line is the same for any room, and compare.sh measures the server with it on disk.
/// <para>
/// With <see cref="WritersRead"/> off, the members' writers are not running (their outboxes
/// are closed): the time is the fold's alone. With it on, every member's writer then takes
/// the line on the same thread — the per-recipient work, which the server does on its
/// writers' threads, shown here to say where the O(members) went.
/// </para>
/// </summary>
[MemoryDiagnoser]
public class FoldBenchmarks
{
    private readonly Subject<IChatConnection> _connections = new();
    private SqliteCommandLog _log = null!;
    private IDisposable _running = null!;
    private List<Member> _members = [];

    [Params(2, 2000)]
    public int Members { get; set; }

    [Params(false, true)]
    public bool WritersRead { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _log = SqliteCommandLog.Open(":memory:");
        var clock = new HistoricalScheduler(new DateTimeOffset(2026, 12, 3, 12, 0, 0, TimeSpan.Zero));
        var options = new ChatOptions { TimeZone = TimeZoneInfo.Utc, Flood = FloodLimits.Off, AnnounceLeaders = false };
        var pipeline = new ChatPipeline(options, _log, clock, Scheduler.CurrentThread);
        _running = pipeline.Run(_connections);
        _members = Enumerable.Range(1, Members).Select(i => new Member(i)).ToList();
        foreach (var member in _members)
        {
            _connections.OnNext(member);
            member.Type($"user{member.Id.Number}", "/join main");
        }
        foreach (var member in _members)
        {
            member.ReadAll();
            if (!WritersRead) member.Outbox.Close();
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _running.Dispose();
        _log.Dispose();
    }

    [Benchmark]
    public int ChatLine()
    {
        _members[0].Type("hello everyone, this is a typical chat line");
        if (!WritersRead) return 0;
        int taken = 0;
        foreach (var member in _members) taken += member.ReadAll();
        return taken;
    }

    /// <summary>A room member whose writer is the benchmark itself (or nobody).</summary>
    private sealed class Member(long sequence) : IChatConnection
    {
        private readonly Subject<InboundLine> _lines = new();

        public ConnectionId Id { get; } = new("local", sequence);
        public IObservable<InboundLine> Lines => _lines;
        public Outbox Outbox { get; } = new(1024 * 1024);

        public void Type(params string[] lines) { foreach (var line in lines) _lines.OnNext(new InboundLine(line)); }

        public int ReadAll()
        {
            int taken = 0;
            while (Outbox.TryTake(out _)) taken++;
            return taken;
        }

        public void Hangup() => Outbox.Complete();
    }
}
