using System.Reactive.Disposables;
using System.Reactive.Linq;
using RxChat.Protocol;
using RxChat.Server.Core;
using RxChat.Server.Log;
using RxChat.Server.Pipeline;
using RxChat.Server.Transport;
using RxChat.Tests.Testing;
using RxChat.Tests.Testing.Marbles;

using RxChat.Tests.Support;

namespace RxChat.Tests.Server.Pipeline;

/// <summary>
/// The front of the pipeline: connections arriving over time are merged with the node's own
/// entries into one ordered log, each command stamped once with the scheduler's clock.
/// Observed where every node would read it: the log's entries.
/// </summary>
public class ChatPipelineMergeMarbleTests
{
    private static readonly DateTimeOffset Epoch = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);
    private readonly ChatTestScheduler _scheduler = new(Epoch);
    private readonly Marbles _marbles;

    public ChatPipelineMergeMarbleTests() => _marbles = new Marbles(_scheduler);

    /// <summary>The log's entries while the pipeline runs on <paramref name="accepted"/>.</summary>
    private IObservable<LogEntry> LogOf(IObservable<IChatConnection> accepted) => Observable.Create<LogEntry>(observer =>
    {
        var log = SqliteCommandLog.Open(":memory:");
        var reading = log.EntriesOneByOne(0).Subscribe(observer);
        var running = TestPipeline.OnVirtualTime(log, _scheduler).Run(accepted);
        return new CompositeDisposable(running, reading, log);
    });

    [Fact]
    public void Commands_from_all_connections_form_one_stream_in_time_order()
    {
        var alice = new MarbleConnection(1, _marbles.Hot("^-----a---h-----|", Map(('a', "alice"), ('h', "hi"))));
        var bob = new MarbleConnection(2, _marbles.Hot("^-------b-(jh)--|", Map(('b', "bob"), ('j', "/join main"), ('h', "hello"))));
        var accepted = _marbles.Hot("^(xy)", new Dictionary<char, IChatConnection> { ['x'] = alice, ['y'] = bob });

        var entries = _scheduler.Start(() => LogOf(accepted).Select(Describe));

        // Frame 0: the node's start comes first. Frame 1: both connect, in accept order.
        // Frame 10: three lines in one moment keep the order they arrived in (alice's, then
        // bob's two). Frame 16: both close, alice first.
        _marbles.ExpectMarbles(entries, "S(AB)-L-M-(HJT)-(XY)", Map(
            ('S', "local#0 NodeStarted"),
            ('A', "local#1 Connected"), ('B', "local#2 Connected"), ('L', "local#1 Login"), ('M', "local#2 Login"),
            ('H', "local#1 Say"), ('J', "local#2 Join"), ('T', "local#2 Say"), ('X', "local#1 Disconnected"), ('Y', "local#2 Disconnected")));
    }

    [Fact]
    public void Each_command_is_stamped_with_the_scheduler_clock()
    {
        var alice = new MarbleConnection(1, _marbles.Hot("^-a-", Map(('a', "alice"))));
        var accepted = _marbles.Hot("^x", new Dictionary<char, IChatConnection> { ['x'] = alice });

        var clocks = _scheduler.Start(() => LogOf(accepted).Where(e => e.From.Number > 0).Select(e => e.Time));

        clocks.Messages.AssertEqual(
            ReactiveTest.OnNext(_marbles.TickOf(1), Epoch.AddTicks(_marbles.TickOf(1))),
            ReactiveTest.OnNext(_marbles.TickOf(2), Epoch.AddTicks(_marbles.TickOf(2))));
    }

    private static Dictionary<char, string> Map(params (char Symbol, string Value)[] pairs) =>
        pairs.ToDictionary(p => p.Symbol, p => p.Value);

    private static string Describe(LogEntry entry) => $"{entry.From} {entry.Command.GetType().Name}";
}
