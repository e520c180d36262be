using System.Net.Sockets;
using RxChat.Server.Transport;
using RxChat.Tests.Support;

namespace RxChat.Tests.Server.Transport;

/// <summary>A failing accept (out of descriptors) backs off, bounded, and is said once per interval, never a line each.</summary>
public sealed class AcceptFailuresTests
{
    private static readonly SocketException OutOfDescriptors = new((int)SocketError.TooManyOpenSockets);

    [Fact]
    public void The_pause_doubles_up_to_its_bound_and_a_run_of_failures_is_one_line()
    {
        var log = new CapturedLog();
        var failures = new AcceptFailures(log);

        var pauses = Enumerable.Range(0, 100).Select(_ => failures.Failed(OutOfDescriptors)).ToList();

        Assert.Equal(AcceptFailures.FirstPause, pauses[0]);
        Assert.Equal(AcceptFailures.FirstPause * 2, pauses[1]);
        Assert.All(pauses, pause => Assert.InRange(pause, AcceptFailures.FirstPause, AcceptFailures.LongestPause));
        Assert.Equal(AcceptFailures.LongestPause, pauses[^1]);
        Assert.Equal(1, log.Count("Accept failed")); // 100 failures well within one interval
    }

    [Fact]
    public void Once_an_accept_works_there_is_no_pause_and_failing_by_turns_is_still_not_a_line_each()
    {
        var log = new CapturedLog();
        var failures = new AcceptFailures(log);
        for (int i = 0; i < 50; i++)
        {
            Assert.Equal(AcceptFailures.FirstPause, failures.Failed(OutOfDescriptors)); // back to the first pause after each success
            failures.Succeeded();
        }
        Assert.Equal(1, log.Count("Accept failed"));
        Assert.Equal(1, log.Count("Accepting again"));
    }
}
