using Microsoft.Playwright;
using RxChat.Tests.Support;

namespace RxChat.Tests.EndToEnd;

/// <summary>The web page with a name that has an account, in Debian's Chromium (see <see cref="BrowserTests"/>).</summary>
public sealed class BrowserAccountTests
{
    private const string Chromium = "/usr/bin/chromium";
    private static readonly float Patience = (float)LineClient.Patience.TotalMilliseconds;

    [Fact]
    public async Task A_protected_name_needs_its_password_in_the_login_form()
    {
        Assert.True(File.Exists(Chromium), $"{Chromium} is missing: .ci/run installs Debian's chromium");
        await using var server = await RunningServer.StartWithHttpAsync();
        await using (var owner = await LineClient.LogInAsync(server.Port, "alice"))
        {
            await owner.SendLineAsync("/register correct-horse\nquit");
            Assert.Equal("Account created for alice", (await owner.ReadUntilClosedAsync())[0]);
        }

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", "--disable-quic"],
        });
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
