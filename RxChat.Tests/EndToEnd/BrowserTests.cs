using System.Text.RegularExpressions;
using Microsoft.Playwright;
using RxChat.Server.Hosting;
using RxChat.Tests.Support;

namespace RxChat.Tests.EndToEnd;

/// <summary>
/// The web page in a real browser: Debian's Chromium at /usr/bin/chromium, headless, driven by
/// Playwright (never a downloaded browser), beside raw TCP users, against the real server on
/// free ports. A failing test leaves a screenshot in TestResults/screenshots.
/// </summary>
public sealed class BrowserTests
{
    private const string Chromium = "/usr/bin/chromium";
    private static readonly float Patience = (float)LineClient.Patience.TotalMilliseconds;

    [Fact]
    public async Task A_browser_user_and_tcp_users_chat_in_one_room_in_one_order_and_names_and_messages_stay_text()
    {
        Assert.True(File.Exists(Chromium), $"{Chromium} is missing: .ci/run installs Debian's chromium");
        await using var server = await RunningServer.StartWithHttpAsync(o => o.Limits.FloodLinesPerSecond = 0);
        await using var bob = await LineClient.LogInAsync(server.Port, "bob");   // connected first: leads
        await using var carl = await LineClient.LogInAsync(server.Port, "carl"); // watches the order
        foreach (var tcp in new[] { bob, carl }) { await tcp.SendLineAsync("/join main"); Assert.Equal("You joined room main", await tcp.ReadLineAsync()); }
        await bob.ReadLineAsync(); // carl joined

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", "--disable-quic"], // Playwright gives it a fresh, empty profile
        });
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 900, Height = 600 } });
        var dialogs = 0;
        page.Dialog += (_, dialog) => { dialogs++; _ = dialog.DismissAsync(); };
        try
        {
            await page.GotoAsync($"http://127.0.0.1:{server.HttpPort}/");
            await page.FillAsync("#username", "ann<b>");
            await page.PressAsync("#username", "Enter");
            await Expect(page.Locator("#state")).ToHaveTextAsync("online", new() { Timeout = Patience });
            await Expect(page.Locator("#me")).ToHaveTextAsync("ann<b>");

            await page.FillAsync("#room-name", "main");
            await page.PressAsync("#room-name", "Enter");
            await Expect(page.Locator("#members li")).ToHaveTextAsync(["bob", "carl", "ann<b>"], new() { Timeout = Patience });
            await Expect(page.Locator("#members li.leader")).ToHaveTextAsync("bob");
            Assert.Matches(@"ann<b> joined the room$", await bob.ReadLineAsync());
            Assert.Matches(@"ann<b> joined the room$", await carl.ReadLineAsync());

            // Lines both ways, each waited for, so everyone's order is the log's.
            var said = new List<string>();
            async Task FromBob(string text)
            {
                await bob.SendLineAsync(text);
                Assert.EndsWith($"bob: {text}", await carl.ReadLineAsync());
                await Expect(page.Locator("#messages li").Last).ToContainTextAsync(text, new() { Timeout = Patience });
                said.Add($"bob: {text}");
            }
            async Task FromBrowser(string text)
            {
                await page.FillAsync("#line", text);
                await page.PressAsync("#line", "Enter");
                Assert.EndsWith($"ann<b>: {text}", await carl.ReadLineAsync());
                Assert.EndsWith($"ann<b>: {text}", await bob.ReadLineAsync());
                said.Add($"ann<b>: {text}");
            }
            await FromBob("hello browser");
            await FromBrowser("hello nc");
            await FromBob("<img src=x onerror=alert(1)>");
            await FromBrowser("<script>alert(2)</script> stays text");
            await FromBob("last one");

            var shown = await ChatLines(page);
            Assert.Equal(said, shown);
            Assert.Equal(0, await page.Locator("#messages img, #messages script, #members b, #me b").CountAsync());
            Assert.Equal(0, dialogs);

            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Screenshot("web-client.png") });

            // The leader (a TCP user) quits: the page shows the new leader.
            await bob.SendLineAsync("quit");
            await Expect(page.Locator("#members li")).ToHaveTextAsync(["carl", "ann<b>"], new() { Timeout = Patience });
            await Expect(page.Locator("#members li.leader")).ToHaveTextAsync("carl");
            await Expect(page.Locator("#messages li.event").Last).ToContainTextAsync("carl is now the leader of main");

            // The WebSocket is cut mid-conversation: the page reconnects and shows the missed lines once.
            await page.EvaluateAsync("window.rxchat.drop()");
            await carl.SendLineAsync("missed one");
            await carl.SendLineAsync("missed two");
            await Expect(page.Locator("#messages li.frame").Last).ToContainTextAsync("reconnected", new() { Timeout = Patience });
            await Expect(page.Locator("#state")).ToHaveTextAsync("online");
            var after = await ChatLines(page);
            Assert.Single(after, l => l == "carl: missed one");
            Assert.Single(after, l => l == "carl: missed two");
            Assert.True(after.IndexOf("carl: missed one") < after.IndexOf("carl: missed two"));
            Assert.Equal(said, after.Take(said.Count)); // nothing before was shown again

            // At phone width the page still fits: no sideways scrolling, the message box on screen.
            await page.SetViewportSizeAsync(390, 800);
            Assert.True(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= 390"));
            await page.FocusAsync("#line");
            Assert.True(await page.Locator("#line").IsVisibleAsync());
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Screenshot("web-client-phone.png") });
        }
        catch
        {
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Screenshot($"failed-{DateTime.UtcNow:HHmmss}.png"), FullPage = true });
            throw;
        }
        finally
        {
            await browser.CloseAsync();
        }
    }

    /// <summary>The chat lines the page shows, as "user: text", in order.</summary>
    private static async Task<List<string>> ChatLines(IPage page)
    {
        var items = await page.Locator("#messages li:not(.event):not(.frame):not(.reply):not(.error-line)").AllAsync();
        var lines = new List<string>();
        foreach (var item in items)
        {
            var user = await item.Locator(".user").TextContentAsync();
            var text = await item.Locator(".text").TextContentAsync();
            lines.Add($"{user} {text}");
        }
        return lines;
    }

    private static ILocatorAssertions Expect(ILocator locator) => Assertions.Expect(locator);

    /// <summary>TestResults/screenshots at the repository's top, where CI keeps its results.</summary>
    private static string Screenshot(string name)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "RxChat.sln"))) dir = dir.Parent;
        var folder = Path.Combine(dir?.FullName ?? AppContext.BaseDirectory, "TestResults", "screenshots");
        Directory.CreateDirectory(folder);
        return Path.Combine(folder, name);
    }
}
