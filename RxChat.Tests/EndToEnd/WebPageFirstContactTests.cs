using RxChat.Protocol;
using RxChat.Tests.Support;
using static RxChat.Tests.Support.WebPage;

namespace RxChat.Tests.EndToEnd;

/// <summary>
/// The web page's first minute: what it says right after logging in, how it shows
/// <c>/help</c>, and its connection badge before anything has gone wrong.
/// </summary>
public sealed class WebPageFirstContactTests
{
    [Fact]
    public async Task After_login_the_page_says_how_to_join_and_lists_the_rooms_which_join_when_clicked()
    {
        await using var server = await RunningServer.StartWithHttpAsync();
        await using var bob = await LineClient.LogInAsync(server.Port, "bob");
        await using var carl = await LineClient.LogInAsync(server.Port, "carl");
        await bob.SendLineAsync("/join main");
        Assert.Equal("You joined room main", await bob.ReadLineAsync());
        await carl.SendLineAsync("/join dev");
        Assert.Equal("You joined room dev", await carl.ReadLineAsync());

        await using var web = await WebPage.OpenAsync(server.HttpPort!.Value);
        await web.RunAsync("after-login", async page =>
        {
            await web.LogInAsync("ann");
            var hint = page.Locator("#messages li.hint");
            await Expect(hint).ToContainTextAsync("/join <room>", new() { Timeout = Patience });
            await Expect(hint).ToContainTextAsync("/help");
            await Expect(hint.Locator(".room-choices .choice")).ToHaveTextAsync(["dev 1 member", "main 1 member"], new() { Timeout = Patience });
            await web.ScreenshotAsync("web-after-login.png");

            await hint.Locator(".room-choices button", new() { HasText = "main" }).ClickAsync();
            await Expect(page.Locator("#members li")).ToHaveTextAsync(["bob", "ann"], new() { Timeout = Patience });
            Assert.Matches("ann joined the room$", await bob.ReadLineAsync());
        });
    }

    [Fact]
    public async Task Help_is_shown_as_a_list_of_commands_and_what_they_do_in_two_aligned_columns()
    {
        await using var server = await RunningServer.StartWithHttpAsync();
        await using var web = await WebPage.OpenAsync(server.HttpPort!.Value);
        await web.RunAsync("help", async page =>
        {
            await web.LogInAsync("ann");
            await web.SayAsync("/help");

            // The server's own list, read the way a terminal shows it: command, two spaces or more, meaning.
            var entries = ServerLines.Help.Where(l => l.StartsWith("  "))
                .Select(l => l.Trim().Split("  ", 2)).Select(p => (Command: p[0].Trim(), Meaning: p[1].Trim())).ToList();
            var help = page.Locator("#messages li.help");
            await Expect(help.Locator("dt")).ToHaveTextAsync(entries.Select(e => e.Command).ToArray(), new() { Timeout = Patience });
            await Expect(help.Locator("dd")).ToHaveTextAsync(entries.Select(e => e.Meaning).ToArray());
            await Expect(help.Locator("p")).ToHaveTextAsync("Commands:");

            // Aligned: every meaning starts at the same left edge, every command in a fixed-width font.
            var lefts = new HashSet<double>();
            foreach (var dd in await help.Locator("dd").AllAsync()) lefts.Add(Math.Round((await dd.BoundingBoxAsync())!.X));
            Assert.Single(lefts);
            var font = await help.Locator("dt").First.EvaluateAsync<string>("e => getComputedStyle(e).fontFamily");
            Assert.Contains("mono", font, StringComparison.OrdinalIgnoreCase);
            await web.ScreenshotAsync("web-help.png");

            // A command in the list puts itself in the message box, ready for its argument.
            await help.Locator("dt button", new() { HasText = "/join <room>" }).ClickAsync();
            await Expect(page.Locator("#line")).ToHaveValueAsync("/join ");
        });
    }

    [Fact]
    public async Task The_badge_is_neutral_until_a_first_try_to_connect_has_failed()
    {
        // Every state the badge takes, from the page's first paint on.
        const string watch = """
            window.badgeStates = [];
            document.addEventListener("DOMContentLoaded", () => {
              const badge = document.getElementById("state");
              window.badgeStates.push(badge.dataset.state + ":" + badge.textContent);
              new MutationObserver(() => window.badgeStates.push(badge.dataset.state + ":" + badge.textContent))
                .observe(badge, { attributes: true, childList: true, characterData: true, subtree: true });
            });
            """;
        await using var server = await RunningServer.StartWithHttpAsync();
        await using var web = await WebPage.OpenAsync(server.HttpPort!.Value, watch);
        await web.RunAsync("badge", async page =>
        {
            await Expect(page.Locator("#state")).ToHaveTextAsync("not connected");
            Assert.Equal("idle", await page.Locator("#state").GetAttributeAsync("data-state"));

            // The server goes away before anyone logs in: the first try fails, and only then is it "offline".
            await server.StopAsync();
            await page.FillAsync("#username", "ann");
            await page.PressAsync("#username", "Enter");
            await Expect(page.Locator("#state")).ToHaveAttributeAsync("data-state", "offline", new() { Timeout = Patience });
            var states = (await page.EvaluateAsync<string[]>("window.badgeStates")).Select(s => s.Split(':')[0]).ToList();
            Assert.Equal("idle", states[0]);
            var firstOffline = states.IndexOf("offline");
            var connecting = states.IndexOf("connecting");
            Assert.True(connecting > 0 && connecting < firstOffline, $"the badge went {string.Join(", ", states)}");
            await Expect(page.Locator("#state")).ToContainTextAsync("again in");
        });
    }
}
