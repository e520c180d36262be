using Microsoft.Playwright;

namespace RxChat.Tests.Support;

/// <summary>
/// The chat page in Debian's Chromium (<see cref="HeadlessChromium"/>) for the WebPage*Tests:
/// opens it, logs in, and on a failure leaves a full-page screenshot in
/// TestResults/screenshots (as <c>BrowserTests</c> does) before the failure goes on.
/// </summary>
public sealed class WebPage : IAsyncDisposable
{
    public static readonly float Patience = (float)LineClient.Patience.TotalMilliseconds;

    private readonly IPlaywright _playwright;
    private readonly IBrowser _browser;

    private WebPage(IPlaywright playwright, IBrowser browser, IPage page) => (_playwright, _browser, Page) = (playwright, browser, page);

    public IPage Page { get; }

    /// <param name="initScript">JavaScript run before the page's own, to watch it (attempts, states).</param>
    /// <param name="path">The page to open: the chat (<c>/</c>) unless told otherwise.</param>
    public static async Task<WebPage> OpenAsync(int httpPort, string? initScript = null, int width = 900, int height = 600, string path = "/")
    {
        var playwright = await Playwright.CreateAsync();
        var browser = await HeadlessChromium.LaunchAsync(playwright);
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = width, Height = height } });
        if (initScript is not null) await page.AddInitScriptAsync(initScript);
        await page.GotoAsync($"http://127.0.0.1:{httpPort}{path}");
        return new WebPage(playwright, browser, page);
    }

    /// <summary>Logs in as <paramref name="name"/> and waits until the page says it is online.</summary>
    public async Task LogInAsync(string name, string? password = null)
    {
        await Page.FillAsync("#username", name);
        if (password is not null) await Page.FillAsync("#password", password);
        await Page.PressAsync("#username", "Enter");
        await Expect(Page.Locator("#state")).ToHaveTextAsync("online", new() { Timeout = Patience });
    }

    /// <summary>Types a line into the message box and sends it, as a person would.</summary>
    public async Task SayAsync(string line)
    {
        await Page.FillAsync("#line", line);
        await Page.PressAsync("#line", "Enter");
    }

    /// <summary>Runs <paramref name="test"/>; if it fails, a screenshot named after <paramref name="name"/> is kept.</summary>
    public async Task RunAsync(string name, Func<IPage, Task> test)
    {
        try { await test(Page); }
        catch
        {
            await Page.ScreenshotAsync(new PageScreenshotOptions { Path = Screenshot($"failed-{name}-{DateTime.UtcNow:HHmmss}.png"), FullPage = true });
            throw;
        }
    }

    public Task ScreenshotAsync(string file) => Page.ScreenshotAsync(new PageScreenshotOptions { Path = Screenshot(file) });

    public static ILocatorAssertions Expect(ILocator locator) => Assertions.Expect(locator);

    /// <summary>TestResults/screenshots at the repository's top, where CI keeps its results.</summary>
    public static string Screenshot(string name)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "RxChat.sln"))) dir = dir.Parent;
        var folder = Path.Combine(dir?.FullName ?? AppContext.BaseDirectory, "TestResults", "screenshots");
        Directory.CreateDirectory(folder);
        return Path.Combine(folder, name);
    }

    public async ValueTask DisposeAsync()
    {
        await _browser.CloseAsync();
        await _browser.DisposeAsync();
        _playwright.Dispose();
    }
}
