using RxChat.Protocol;
using RxChat.Server.Hosting;
using RxChat.Tests.Support;

namespace RxChat.Tests.EndToEnd;

/// <summary>
/// With <c>RxChat:Accounts:PasswordsOnlyOverTls</c>, no password is taken over a connection
/// that is not encrypted — not at login, not in <c>/register</c> or <c>/password</c> — and the
/// refusal names the TLS port; over TLS accounts work as ever.
/// </summary>
public sealed class PasswordsOnlyOverTlsTests : IDisposable
{
    private readonly TestCertificate _certificate = TestCertificate.Create();

    public void Dispose() => _certificate.Dispose();

    private Task<ChatServer> StartAsync() => RunningServer.StartAsync(options =>
    {
        _certificate.ServeFrom(options);
        options.Accounts.PasswordsOnlyOverTls = true;
    });

    private static string Refusal(ChatServer server) => ServerLines.PasswordNeedsTls.Render(server.TlsPort!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));

    [Fact]
    public async Task Register_and_password_over_plain_TCP_are_refused_naming_the_TLS_port()
    {
        await using var server = await StartAsync();
        await using var alice = await LineClient.LogInAsync(server.Port, "alice");
        await alice.SendLineAsync("/register correct-horse");
        Assert.Equal(Refusal(server), await alice.ReadLineAsync());
        await alice.SendLineAsync("/password correct-horse battery-staple");
        Assert.Equal(ServerLines.NoAccount.Render(), await alice.ReadLineAsync()); // no account was made
        await alice.SendLineAsync("/users");
        Assert.Equal("Users: alice", await alice.ReadLineAsync()); // the connection goes on
        Assert.Null(server.Pipeline.State.Accounts.Find("alice"));
    }

    [Fact]
    public async Task A_name_with_an_account_cannot_log_in_over_plain_TCP_but_can_over_TLS()
    {
        await using var server = await StartAsync();
        await using (var secure = await LineClient.ConnectTlsAsync(server.TlsPort!.Value, _certificate.TrustOnlyThis))
        {
            await secure.SendLineAsync("alice");
            Assert.Equal("Welcome to the chat server!", await secure.ReadLineAsync());
            await secure.SendLineAsync("/register correct-horse");
            Assert.Equal("Account created for alice", await secure.ReadLineAsync()); // no warning: it is encrypted
            await secure.SendLineAsync("/password correct-horse battery-staple");
            Assert.Equal("Password changed", await secure.ReadLineAsync());
        }

        await using var plain = await LineClient.ConnectAsync(server.Port);
        await plain.SendLineAsync("alice");
        await plain.SendLineAsync("battery-staple"); // typed ahead: never read
        Assert.Equal([Refusal(server)], await plain.ReadUntilClosedAsync());

        await using var again = await LineClient.ConnectTlsAsync(server.TlsPort.Value, _certificate.TrustOnlyThis);
        await again.SendLineAsync("alice");
        Assert.Equal("Password for alice:", await again.ReadLineAsync());
        await again.SendLineAsync("battery-staple");
        Assert.Equal("Welcome to the chat server!", await again.ReadLineAsync());
    }

    [Fact]
    public async Task The_setting_without_TLS_stops_the_start()
    {
        var refused = await Assert.ThrowsAsync<InvalidSettingException>(() => RunningServer.StartAsync(options => options.Accounts.PasswordsOnlyOverTls = true));
        Assert.Contains("PasswordsOnlyOverTls needs TLS", refused.Message);
    }
}
