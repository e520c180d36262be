using System.Net;
using Microsoft.Playwright;
using RxChat.Server.Watch;
using RxChat.Tests.Support;
using static RxChat.Tests.Support.WebPage;

namespace RxChat.Tests.EndToEnd;

/// <summary>
/// The /log page in Debian's Chromium: TCP users' entries arrive as marbles on their lanes,
/// and the rooms' leaders change as the log says — read from the same ordered stream the chat is made of.
/// </summary>
public sealed class LogPageTests
{
    [Fact]
    public async Task The_log_page_draws_a_tcp_users_join_and_line_and_the_leader_change_when_the_leader_quits()
    {
        await using var server = await RunningServer.StartWithHttpAsync();
        await using var bob = await LineClient.LogInAsync(server.Port, "bob"); // connected first: leads
        await bob.SendLineAsync("/join main");
        Assert.Equal("You joined room main", await bob.ReadLineAsync());

        await using var web = await OpenAsync(server.HttpPort!.Value, width: 1000, height: 520, path: "/log/");
        await web.RunAsync("log-page", async page =>
        {
            await Expect(page.Locator("#state")).ToHaveTextAsync("live", new() { Timeout = Patience });
            await Expect(page.Locator("#rooms li .leader")).ToHaveTextAsync("bob"); // from the first picture

            await using var carl = await LineClient.LogInAsync(server.Port, "carl");
            await carl.SendLineAsync("/join main");
            Assert.Equal("You joined room main", await carl.ReadLineAsync());
            Assert.EndsWith("carl joined the room", await bob.ReadLineAsync());
            await carl.SendLineAsync("hello <b>log</b>");
            Assert.EndsWith("carl: hello <b>log</b>", await bob.ReadLineAsync());

            await Expect(page.Locator(".marble.joined-room title").Last).ToContainTextAsync("carl joined-room main", new() { Timeout = Patience });
            await Expect(page.Locator(".marble.said title").Last).ToContainTextAsync("carl said main: hello <b>log</b>", new() { Timeout = Patience });
            await Expect(page.Locator(".lane-label", new() { HasText = "carl" })).ToHaveCountAsync(1);
            Assert.Equal(0, await page.Locator("svg b").CountAsync()); // text stays text
            await Expect(page.Locator("#rooms li .members")).ToHaveTextAsync("bob, carl");

            await bob.SendLineAsync("quit");
            await Expect(page.Locator("#rooms li .leader")).ToHaveTextAsync("carl", new() { Timeout = Patience });
            await Expect(page.Locator(".marble.leader-changed title").Last).ToContainTextAsync("carl leader-changed main");
            await Expect(page.Locator("#rooms li .members")).ToHaveTextAsync("carl");
            Assert.Equal($"#{server.Pipeline.State.Position}", await page.Locator("#position").TextContentAsync());
            await web.ScreenshotAsync("log-page.png");
        });
    }

    [Fact]
    public async Task Past_the_most_viewers_one_more_is_turned_away_with_503()
    {
        await using var server = await RunningServer.StartWithHttpAsync();
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{server.HttpPort}/") };
        var watching = new List<HttpResponseMessage>();
        try
        {
            for (int i = 0; i < LogWatch.MostViewers; i++)
            {
                var response = await http.GetAsync("log/events", HttpCompletionOption.ResponseHeadersRead);
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
                watching.Add(response);
            }
            using var oneMore = await http.GetAsync("log/events", HttpCompletionOption.ResponseHeadersRead);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, oneMore.StatusCode);
        }
        finally
        {
            foreach (var response in watching) response.Dispose();
        }
    }
}
