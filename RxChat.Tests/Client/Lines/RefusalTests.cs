using RxChat.Client.Lines;
using RxChat.Client.Session;
using RxChat.Protocol;

namespace RxChat.Tests.Client.Lines;

public class RefusalTests
{
    [Fact]
    public void A_wrong_password_says_whose_it_was() =>
        Assert.Equal("Wrong password for alice",
            LocalLines.Refusal(ServerLineClassifier.Classify(ServerLines.WrongPassword.Render()), "alice"));

    [Theory]
    [InlineData("Username \"alice\" is already in use")]
    [InlineData("Username must not contain spaces or ':'")]
    [InlineData("Only registered users may log in here, and alice has no account")]
    [InlineData("Too many wrong passwords from your address: try again in 4 s")]
    public void Any_other_refusal_is_the_servers_own_reason(string line)
    {
        var refusal = ServerLineClassifier.Classify(line);
        Assert.Equal(LineKind.LoginRefused, refusal.Kind);
        Assert.Equal(line, LocalLines.Refusal(refusal, "alice"));
    }

    [Fact]
    public void The_refusal_is_shown_as_a_refusal_with_no_preamble()
    {
        var shown = new LoginRefusedException("Wrong password for alice").Line;
        Assert.Equal((LineKind.LoginRefused, "Wrong password for alice"), (shown.Kind, shown.Text));
    }
}
