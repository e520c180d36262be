using Microsoft.Playwright;

namespace RxChat.Tests.Support;

/// <summary>Debian's Chromium at /usr/bin/chromium, headless, for Playwright (never a downloaded browser).</summary>
public static class HeadlessChromium
{
    public const string Path = "/usr/bin/chromium";

    public static Task<IBrowser> LaunchAsync(IPlaywright playwright)
    {
        Assert.True(File.Exists(Path), $"{Path} is missing: .ci/run installs Debian's chromium");
        return playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Path,
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", "--disable-quic"], // Playwright gives it a fresh, empty profile
        });
    }
}
