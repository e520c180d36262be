using RxChat.Server.Hosting;
using RxChat.Tests.Support;
using static RxChat.Tests.Support.WebPage;

namespace RxChat.Tests.EndToEnd;

/// <summary>
/// The page's side of a server that stops and comes back: it keeps trying every two seconds
/// or so (not every 15), so it is back soon after its server; and it tries at once when the
/// tab is shown again or the network returns.
/// </summary>
public sealed class WebPageReconnectTests
{
    // The time of every WebSocket the page opens: one per try to connect.
    private const string CountTries = """
        window.tries = [];
        window.WebSocket = class extends window.WebSocket {
          constructor(...args) { super(...args); window.tries.push(performance.now()); }
        };
        """;

    [Fact]
    public async Task After_its_server_restarts_the_page_is_back_within_seconds_having_tried_every_two_seconds_or_so()
    {
        var first = await RunningServer.StartWithHttpAsync();
        var httpPort = first.HttpPort!.Value;
        ChatServer? second = null;
        try
        {
            await using var web = await WebPage.OpenAsync(httpPort, CountTries);
            await web.RunAsync("restart", async page =>
            {
                await web.LogInAsync("ann");
                await web.SayAsync("/join main");
                await Expect(page.Locator("#members li")).ToHaveTextAsync(["ann"], new() { Timeout = Patience });

                await first.StopAsync();
                await Expect(page.Locator("#state")).ToHaveAttributeAsync("data-state", "reconnecting", new() { Timeout = Patience });
                var downSince = await page.EvaluateAsync<double>("performance.now()");
                // The server stays away until the page has tried seven times: enough tries for a
                // 250 ms-doubling wait without its 2 s cap to have waited 4 s and more between two.
                await page.WaitForFunctionAsync("since => window.tries.filter(t => t >= since).length >= 7", downSince,
                    new() { Timeout = 4 * Patience });

                second = await ChatServer.StartAsync(RunningServer.Options(o => o.HttpPort = httpPort));
                var upSince = await page.EvaluateAsync<double>("performance.now()");
                await Expect(page.Locator("#state")).ToHaveTextAsync("online", new() { Timeout = Patience });

                // Measured on the page's own clock: the try that got through came within one capped wait of the server.
                var tries = (await page.EvaluateAsync<double[]>("window.tries")).Where(t => t >= downSince).ToList();
                var gaps = tries.Zip(tries.Skip(1), (a, b) => b - a).ToList();
                Assert.True(tries[^1] - upSince < 2800, $"the page tried again {tries[^1] - upSince:0} ms after its server was back");
                Assert.True(gaps.Max() < 2800, $"the page waited {gaps.Max():0} ms between two tries (gaps: {string.Join(", ", gaps.Select(g => g.ToString("0")))})");

                // Back in its room, as before.
                await Expect(page.Locator("#members li")).ToHaveTextAsync(["ann"], new() { Timeout = Patience });
                await Expect(page.Locator("#messages li.frame").Last).ToContainTextAsync("reconnected", new() { Timeout = Patience });
            });
        }
        finally
        {
            await first.DisposeAsync();
            if (second is not null) await second.DisposeAsync();
        }
    }

    [Fact]
    public async Task While_waiting_to_try_again_the_page_tries_at_once_when_shown_again_or_back_online()
    {
        await using var server = await RunningServer.StartWithHttpAsync();
        await using var web = await WebPage.OpenAsync(server.HttpPort!.Value, CountTries);
        await web.RunAsync("wake", async page =>
        {
            await web.LogInAsync("ann");
            await server.StopAsync();

            // Each in one turn of the page's event loop: while a wait is pending, the event opens a socket there and then.
            var triedAtOnce = await page.EvaluateAsync<int[]>("""
                async () => {
                  const waiting = async () => { while (!window.rxchat.retryTimer) await new Promise(r => setTimeout(r, 5)); };
                  const result = [];
                  for (const fire of [() => window.dispatchEvent(new Event("online")),
                                      () => document.dispatchEvent(new Event("visibilitychange"))]) {
                    await waiting();
                    const before = window.tries.length;
                    fire();
                    result.push(window.tries.length - before);
                  }
                  return result;
                }
                """).WaitAsync(LineClient.Patience);
            Assert.Equal([1, 1], triedAtOnce);
            Assert.Equal("visible", await page.EvaluateAsync<string>("document.visibilityState"));
        });
    }
}
