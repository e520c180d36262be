using System.Text.Json;
using RxChat.Server.Core;
using RxChat.Server.Log;

namespace RxChat.Tests.Server.Core;

/// <summary>Whether a refusal ends the connection: said by the refusal itself, and not written to the log.</summary>
public sealed class RefusalTests
{
    public static TheoryData<Refusal, bool> Refusals => new()
    {
        { new LineTooLong(4096), false },
        { SlowDown.Instance, false },
        { Flooding.Instance, true },
        { new NoUsernameInTime(TimeSpan.FromSeconds(30)), true },
        { new NoPasswordInTime(TimeSpan.FromSeconds(30)), true },
        { new IdleTooLong(TimeSpan.FromMinutes(5)), true },
        { new TooManyWrongPasswords(TimeSpan.FromSeconds(4), Disconnects: true), true },
        { new TooManyWrongPasswords(TimeSpan.FromSeconds(4), Disconnects: false), false },
        { new NotUnderstood(FrameProblem.UnknownType), false },
        { WrongOldPassword.Instance, false },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public void A_refusal_says_whether_it_ends_the_connection_and_the_log_keeps_that_without_storing_it(Refusal why, bool ends)
    {
        var json = JsonSerializer.Serialize<Command>(new RefuseLine(why), LogJson.Default.Command);
        var back = (RefuseLine)JsonSerializer.Deserialize(json, LogJson.Default.Command)!;
        Assert.DoesNotContain("endsConnection", json);
        Assert.Equal((ends, ends), (why.EndsConnection, back.Why.EndsConnection));
    }
}
