using System.Reactive.Linq;
using System.Reactive.Subjects;
using RxChat.Server.Core;
using RxChat.Server.Log;
using RxChat.Server.Pipeline;
using RxChat.Server.Transport;
using RxChat.Tests.Support;
using RxChat.Tests.Testing;

namespace RxChat.Tests.Server.Pipeline;

/// <summary>
/// A log that stops giving entries (unreadable, or compacted past where this node had read)
/// leaves a node that folds nothing more: the pipeline says so, with the reason, so the host
/// stops instead of keeping connections that will never be answered.
/// </summary>
public sealed class BrokenLogTests : IDisposable
{
    private readonly BreakableLog _log = new(SqliteCommandLog.Open(SqliteCommandLog.InMemory));
    private readonly Subject<IChatConnection> _connections = new();
    private readonly ChatPipeline _pipeline;
    private readonly IDisposable _running;

    public BrokenLogTests()
    {
        var clock = new ChatTestScheduler(new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero));
        _pipeline = TestPipeline.FoldingAtOnce(_log, clock);
        _running = _pipeline.Run(_connections);
    }

    [Fact]
    public void A_chat_that_folds_is_not_broken()
    {
        var alice = new FakeConnection(1);
        _connections.OnNext(alice);
        alice.Type("alice", "/join main", "hi");

        Assert.False(_pipeline.Broken.IsCompleted);
        Assert.Contains("alice", _pipeline.State.Usernames.Keys);
    }

    [Fact]
    public async Task A_log_that_fails_breaks_the_chat_with_its_reason()
    {
        var gone = new LogUnusableException("entries 1–5 are no longer kept");
        _log.Break(gone);

        Assert.True(_pipeline.Broken.IsCompletedSuccessfully);
        Assert.Same(gone, await _pipeline.Broken);
    }

    public void Dispose()
    {
        _running.Dispose();
        _log.Dispose();
    }

    /// <summary>The real log, whose entries can be made to fail as an unreadable log's do.</summary>
    private sealed class BreakableLog(ICommandLog inner) : FailingLog(inner), ICommandLog
    {
        private readonly Subject<IReadOnlyList<LogEntry>> _failure = new();

        public void Break(Exception why) => _failure.OnError(why);

        IObservable<IReadOnlyList<LogEntry>> ICommandLog.Entries(long after) => Entries(after).Merge(_failure);
    }
}
