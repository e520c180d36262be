using System.Reactive.Linq;
using RxChat.Server.Core;
using RxChat.Server.Pipeline;
using RxChat.Server.Transport;
using RxChat.Tests.Testing;
using RxChat.Tests.Testing.Marbles;

namespace RxChat.Tests.Scenarios.Pieces;

/// <summary>
/// The front of the pipeline (<see cref="ChatPipeline.Steps"/>): connections arriving over time
/// are merged into one ordered command stream, each command stamped with the scheduler's clock.
/// </summary>
public class ChatPipelineMergeMarbleTests
{
    private static readonly DateTimeOffset Epoch = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);
    private readonly TestScheduler _scheduler = new(Epoch);
    private readonly Marbles _marbles;

    public ChatPipelineMergeMarbleTests() => _marbles = new Marbles(_scheduler);

    private ChatPipeline Pipeline() => new(new ChatOptions { TimeZone = TimeZoneInfo.Utc }, _scheduler);

    [Fact]
    public void Commands_from_all_connections_form_one_stream_in_time_order()
    {
        var alice = new MarbleConnection(1, _marbles.Hot("^-----a---h-----|", Map(('a', "alice"), ('h', "hi"))));
        var bob = new MarbleConnection(2, _marbles.Hot("^-------b-(jh)--|", Map(('b', "bob"), ('j', "/join main"), ('h', "hello"))));
        var accepted = _marbles.Hot("^(xy)", new Dictionary<char, IChatConnection> { ['x'] = alice, ['y'] = bob });

        var steps = _scheduler.Start(() => Pipeline().Steps(accepted).Select(step => Describe(step.Envelope)));

        // Frame 1: both connect, in accept order. Frame 10: three lines in one moment keep the
        // order they arrived in (alice's, then bob's two). Frame 16: both close, alice first.
        _marbles.ExpectMarbles(steps, "-(AB)-L-M-(HJT)-(XY)", Map(
            ('A', "#1 Connected"), ('B', "#2 Connected"), ('L', "#1 Login"), ('M', "#2 Login"),
            ('H', "#1 Say"), ('J', "#2 Join"), ('T', "#2 Say"), ('X', "#1 Disconnected"), ('Y', "#2 Disconnected")));
    }

    [Fact]
    public void Each_command_is_stamped_with_the_scheduler_clock()
    {
        var alice = new MarbleConnection(1, _marbles.Hot("^-a-", Map(('a', "alice"))));
        var accepted = _marbles.Hot("^x", new Dictionary<char, IChatConnection> { ['x'] = alice });

        var clocks = _scheduler.Start(() => Pipeline().Steps(accepted).Select(step => step.Envelope.Clock));

        clocks.Messages.AssertEqual(
            ReactiveTest.OnNext(_marbles.TickOf(1), Epoch.AddTicks(_marbles.TickOf(1))),
            ReactiveTest.OnNext(_marbles.TickOf(2), Epoch.AddTicks(_marbles.TickOf(2))));
    }

    private static Dictionary<char, string> Map(params (char Symbol, string Value)[] pairs) =>
        pairs.ToDictionary(p => p.Symbol, p => p.Value);

    private static string Describe(Envelope envelope) => $"{envelope.From} {envelope.Command.GetType().Name}";
}
