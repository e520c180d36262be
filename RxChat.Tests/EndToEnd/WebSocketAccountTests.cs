using System.Text.Json.Nodes;
using RxChat.Tests.Support;

namespace RxChat.Tests.EndToEnd;

/// <summary>Accounts in PROTOCOL.md Part 4: the password with the login, or after a <c>password</c> object.</summary>
public sealed class WebSocketAccountTests
{
    private const string InClear = "Warning: this connection is not encrypted; your password travels in clear";

    private static string? S(JsonObject o, string field) => (string?)o[field];

    /// <summary>alice registers over TCP and leaves (her name is free, and protected); returns the HTTP port.</summary>
    private static async Task<int> ServerWithAliceAsync(RxChat.Server.Hosting.ChatServer server)
    {
        await using var alice = await LineClient.LogInAsync(server.Port, "alice");
        await alice.SendLineAsync("/register correct-horse\nquit");
        Assert.Equal(["Account created for alice", InClear], await alice.ReadUntilClosedAsync());
        return server.HttpPort!.Value;
    }

    [Fact]
    public async Task A_login_without_the_password_is_asked_for_it_and_a_password_object_answers()
    {
        await using var server = await RunningServer.StartWithHttpAsync();
        int http = await ServerWithAliceAsync(server);

        await using var page = await JsonClient.ConnectAsync(http);
        await page.SendAsync(new JsonObject { ["type"] = "login", ["username"] = "alice" });
        var warning = await page.NextAsync();
        Assert.Equal(("reply", InClear), (S(warning, "type"), S(warning, "text")));
        var asked = await page.NextAsync();
        Assert.Equal(("password", "alice"), (S(asked, "type"), S(asked, "username")));
        await page.SendAsync(new JsonObject { ["type"] = "password", ["password"] = "correct-horse" });
        var welcome = await page.NextAsync();
        Assert.Equal(("welcome", "alice"), (S(welcome, "type"), S(welcome, "username")));
    }

    [Fact]
    public async Task The_password_may_come_with_the_login_and_a_wrong_one_is_a_fatal_error()
    {
        await using var server = await RunningServer.StartWithHttpAsync();
        int http = await ServerWithAliceAsync(server);

        await using var right = await JsonClient.ConnectAsync(http);
        await right.SendAsync(new JsonObject { ["type"] = "login", ["username"] = "ALICE", ["password"] = "correct-horse" });
        Assert.Equal("welcome", S(await right.NextAsync(), "type"));

        await using var wrong = await JsonClient.ConnectAsync(http);
        await wrong.SendAsync(new JsonObject { ["type"] = "login", ["username"] = "alice", ["password"] = "wrong-horse" });
        var error = await wrong.NextAsync();
        Assert.Equal(("error", "Wrong password", true), (S(error, "type"), S(error, "text"), (bool?)error["fatal"]));
    }
}
