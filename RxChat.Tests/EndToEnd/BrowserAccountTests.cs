using Microsoft.Playwright;
using RxChat.Tests.Support;

namespace RxChat.Tests.EndToEnd;

/// <summary>The web page with a name that has an account, in Debian's Chromium (<see cref="HeadlessChromium"/>).</summary>
public sealed class BrowserAccountTests
{
    private static readonly float Patience = (float)LineClient.Patience.TotalMilliseconds;

    [Fact]
    public async Task A_protected_name_needs_its_password_in_the_login_form()
    {
        await using var server = await RunningServer.StartWithHttpAsync();
        await using (var owner = await LineClient.LogInAsync(server.Port, "alice"))
        {
            await owner.SendLineAsync("/register correct-horse\nquit");
            Assert.Equal("Account created for alice", (await owner.ReadUntilClosedAsync())[0]);
        }

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await HeadlessChromium.LaunchAsync(playwright);
        var page = await browser.NewPageAsync();
        await page.GotoAsync($"http://127.0.0.1:{server.HttpPort}/");

        await page.FillAsync("#username", "alice");
        await page.PressAsync("#username", "Enter");
        await Assertions.Expect(page.Locator("#login-error")).ToHaveTextAsync("alice has an account: enter its password", new() { Timeout = Patience });
        await Assertions.Expect(page.Locator("#state")).ToContainTextAsync("offline");

        await page.FillAsync("#password", "wrong-horse");
        await page.PressAsync("#password", "Enter");
        await Assertions.Expect(page.Locator("#login-error")).ToHaveTextAsync("Wrong password", new() { Timeout = Patience });

        await page.FillAsync("#password", "correct-horse");
        await page.PressAsync("#password", "Enter");
        await Assertions.Expect(page.Locator("#state")).ToHaveTextAsync("online", new() { Timeout = Patience });
        await using var bob = await LineClient.LogInAsync(server.Port, "bob");
        await bob.SendLineAsync("/users");
        Assert.Equal("Users: alice, bob", await bob.ReadLineAsync());
    }
}
