using System.Net.Sockets;
using System.Reactive.Concurrency;
using System.Reactive.Linq;
using RxChat.Client.Session;
using RxChat.Tests.Testing;

namespace RxChat.Tests.Client.Session;

public class ReconnectPolicyTests
{
    private static readonly Exception Refused = new SocketException((int)SocketError.ConnectionRefused);
    private static readonly Exception LostAfterLogin = new ConnectionLostException("lost", wasWelcomed: true);
    private static readonly Exception RefusedLogin = new ConnectionLostException("closed", wasWelcomed: false);
    private static readonly Exception NameInUse = new LoginRefusedException("Username \"bob\" is already in use");

    [Fact]
    public void Backoff_doubles_up_to_a_cap()
    {
        var delays = Enumerable.Range(0, 8).Select(ReconnectPolicy.Backoff).Select(d => d.TotalSeconds);
        Assert.Equal([0.5, 1, 2, 4, 8, 10, 10, 10], delays);
    }

    [Fact]
    public void Failed_attempts_back_off_and_a_welcomed_connection_starts_again()
    {
        var decision = ReconnectDecision.Start;
        var delays = new List<double>();
        foreach (var error in new[] { LostAfterLogin, Refused, Refused, RefusedLogin, LostAfterLogin })
        {
            decision = ReconnectPolicy.Next(decision, error);
            delays.Add(decision.Delay.TotalSeconds);
        }
        Assert.Equal([0.5, 1, 2, 4, 0.5], delays);
    }

    [Fact]
    public void The_client_gives_up_after_a_bounded_number_of_failures()
    {
        var decision = Enumerable.Repeat(Refused, ReconnectPolicy.MaxFailures + 1)
            .Aggregate(ReconnectDecision.Start, ReconnectPolicy.Next);
        Assert.True(decision.GiveUp);
        Assert.Same(Refused, decision.Error);
    }

    [Fact]
    public void RetryWhen_with_the_policy_resubscribes_on_virtual_time()
    {
        // The same operators the client uses, over a source that fails twice then works.
        var scheduler = new TestScheduler();
        var attempts = new List<DateTimeOffset>();
        var failuresLeft = 2;
        var source = Observable.Defer(() =>
        {
            attempts.Add(scheduler.Now);
            return failuresLeft-- > 0 ? Observable.Throw<string>(Refused) : Observable.Return("welcome");
        });

        var received = new List<string>();
        source.RetryWithBackoff(scheduler, _ => { }).Subscribe(received.Add);
        scheduler.AdvanceBy(TimeSpan.FromSeconds(10));

        Assert.Equal(["welcome"], received);
        var start = attempts[0];
        Assert.Equal([0, 1, 3], attempts.Select(t => (t - start).TotalSeconds));
    }

    [Fact]
    public void A_refused_username_is_not_retried()
    {
        var decision = ReconnectPolicy.Next(ReconnectDecision.Start, NameInUse);
        Assert.True(decision.GiveUp);
        Assert.Same(NameInUse, decision.Error);
    }

    [Fact]
    public void A_refused_username_ends_the_retries_at_once_on_virtual_time()
    {
        var scheduler = new TestScheduler();
        var attempts = new List<DateTimeOffset>();
        var errors = new Queue<Exception>([Refused, Refused, NameInUse]);
        var source = Observable.Defer(() =>
        {
            attempts.Add(scheduler.Now);
            return Observable.Throw<string>(errors.Dequeue());
        });

        Exception? failed = null;
        DateTimeOffset? failedAt = null;
        var announced = new List<ReconnectDecision>();
        source.RetryWithBackoff(scheduler, announced.Add).Subscribe(_ => { }, e => (failed, failedAt) = (e, scheduler.Now));
        scheduler.AdvanceBy(TimeSpan.FromHours(1));

        var start = attempts[0];
        Assert.Equal([0, 1, 3], attempts.Select(t => (t - start).TotalSeconds));   // no attempt after the refusal
        Assert.Same(NameInUse, failed);
        Assert.Equal(3, (failedAt!.Value - start).TotalSeconds);                       // and no wait before giving up
        Assert.True(announced[^1].GiveUp);
    }
}
