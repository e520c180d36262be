using RxChat.Client;

namespace RxChat.Tests.Client;

/// <summary>
/// The client never sends a saved password (<c>--password-file</c>) in clear to another
/// machine unless told to: the decision is made on the command line, before any connection.
/// </summary>
public sealed class PlainPasswordTests
{
    [Theory]
    [InlineData("chat.example.org")]
    [InlineData("192.0.2.10:7777")]
    [InlineData("[2001:db8::1]:7777")]
    public void A_saved_password_is_not_sent_over_plain_TCP_to_another_host(string host)
    {
        Assert.Null(ClientOptions.Parse(["alice", host, "--password-file", "pw.txt"], out var error));
        var shown = host.Split(':')[0] is var name && host.StartsWith('[') ? host[1..host.IndexOf(']')] : host.Split(':')[0];
        Assert.Equal($"--password-file would send your password in clear to {shown}: use --tls, or add --allow-plain-password to send it anyway", error);
    }

    [Theory]
    [InlineData("chat.example.org", "--tls")]
    [InlineData("chat.example.org", "--insecure")]
    [InlineData("chat.example.org", "--allow-plain-password")]
    [InlineData("127.0.0.1", null)]
    [InlineData("127.0.0.2", null)]
    [InlineData("localhost", null)]
    [InlineData("[::1]:7777", null)]
    public void It_is_sent_over_TLS_to_this_machine_or_when_allowed(string host, string? flag)
    {
        string[] args = flag is null ? ["alice", host, "--password-file", "pw.txt"] : ["alice", host, "--password-file", "pw.txt", flag];
        var options = ClientOptions.Parse(args, out var error);
        Assert.True(options is not null, error);
        Assert.Equal("pw.txt", options.PasswordFile);
    }

    [Fact]
    public void Without_a_saved_password_any_host_is_fine_over_plain_TCP() =>
        Assert.NotNull(ClientOptions.Parse(["alice", "chat.example.org"], out _));
}
