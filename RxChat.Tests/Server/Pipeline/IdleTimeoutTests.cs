using System.Reactive.Concurrency;
using RxChat.Server.Core;
using RxChat.Server.Pipeline;
using RxChat.Server.Protocol;
using RxChat.Tests.Support;
using RxChat.Tests.Testing;

namespace RxChat.Tests.Server.Pipeline;

/// <summary>
/// The optional idle timeout, on virtual time: a logged-in connection that sends nothing for
/// that long is told why and closed; every line it sends, a blank one too, starts it again.
/// </summary>
public sealed class IdleTimeoutTests
{
    private static readonly DateTimeOffset Noon = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan LoginTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Idle = TimeSpan.FromSeconds(60);

    private static (List<Command> Commands, ChatTestScheduler Clock, FakeConnection Connection) Watch(TimeSpan idleTimeout)
    {
        var clock = new ChatTestScheduler(Noon);
        var connection = new FakeConnection(1);
        var commands = new List<Command>();
        ConnectionCommands.Of(connection, new TextCodec(TimeZoneInfo.Utc), LoginTimeout, 16, clock, idleTimeout: idleTimeout).Subscribe(c => commands.Add(c.Command));
        return (commands, clock, connection);
    }

    private static readonly Command[] CutOff = [new RefuseLine(new IdleTooLong(Idle)), new Disconnected("idle too long")];

    [Fact]
    public void Off_by_default_a_logged_in_connection_may_be_silent_for_ever()
    {
        Assert.Equal(TimeSpan.Zero, ChatOptions.Default.IdleTimeout);
        var (commands, clock, connection) = Watch(ChatOptions.Default.IdleTimeout);
        connection.Type("alice");
        clock.AdvanceBy(TimeSpan.FromDays(3));
        Assert.Equal([Connected.Instance, new Login("alice")], commands);
    }

    [Fact]
    public void Silence_after_the_last_line_is_cut_off_exactly_at_the_timeout_with_one_reason()
    {
        var (commands, clock, connection) = Watch(Idle);
        clock.AdvanceBy(TimeSpan.FromSeconds(10));
        connection.Type("alice");
        clock.AdvanceBy(Idle - TimeSpan.FromTicks(1));
        Assert.Equal([Connected.Instance, new Login("alice")], commands);
        clock.AdvanceBy(TimeSpan.FromTicks(1));
        Assert.Equal([Connected.Instance, new Login("alice"), .. CutOff], commands);
        clock.AdvanceBy(TimeSpan.FromHours(1));
        Assert.Equal(4, commands.Count); // exactly one reason, one disconnect
    }

    [Fact]
    public void Every_line_starts_the_timeout_again_a_blank_one_too()
    {
        var (commands, clock, connection) = Watch(Idle);
        connection.Type("alice");
        clock.AdvanceBy(TimeSpan.FromSeconds(50));
        connection.Type("/join main");
        clock.AdvanceBy(TimeSpan.FromSeconds(50));
        connection.Type("   ");                     // says nothing to the chat, yet the peer is there
        clock.AdvanceBy(TimeSpan.FromSeconds(50));
        connection.TypeOverlong();                  // refused, but it arrived
        clock.AdvanceBy(Idle - TimeSpan.FromTicks(1));
        Assert.Equal([Connected.Instance, new Login("alice"), new Join("main"), new RefuseLine(new LineTooLong(16))], commands);
        clock.AdvanceBy(TimeSpan.FromTicks(1));
        Assert.Equal(CutOff, commands[^2..]);
    }

    [Fact]
    public void Before_the_username_only_the_login_timeout_counts_even_when_the_idle_timeout_is_shorter()
    {
        var (commands, clock, _) = Watch(TimeSpan.FromSeconds(5));
        clock.AdvanceBy(LoginTimeout - TimeSpan.FromTicks(1));
        Assert.Equal([Connected.Instance], commands);
        clock.AdvanceBy(TimeSpan.FromTicks(1));
        Assert.Equal([Connected.Instance, new RefuseLine(new NoUsernameInTime(LoginTimeout)), new Disconnected("no username in time")], commands);
    }

    [Fact]
    public void A_connection_that_ends_first_is_not_also_timed_out()
    {
        var (commands, clock, connection) = Watch(Idle);
        connection.Type("alice");
        connection.Close();
        clock.AdvanceBy(TimeSpan.FromHours(1));
        Assert.Equal([Connected.Instance, new Login("alice"), new Disconnected("closed by peer")], commands);
    }

    [Fact]
    public async Task Over_a_real_socket_the_silent_user_hears_why_then_the_server_closes()
    {
        await using var server = await RunningServer.StartAsync(o => o.Limits.IdleTimeoutSeconds = 0.5);
        await using var quiet = await LineClient.LogInAsync(server.Port, "quiet");
        Assert.Equal(["Nothing received for 0.5 s: disconnected"], await quiet.ReadUntilClosedAsync());
        Assert.Empty(server.Pipeline.State.Clients);
    }
}
