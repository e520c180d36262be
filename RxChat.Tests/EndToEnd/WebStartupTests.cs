using System.Net.Http;
using System.Text.RegularExpressions;
using RxChat.Tests.Support;

namespace RxChat.Tests.EndToEnd;

/// <summary>The server process as an operator runs it: <c>--http-port</c>, the start-up line, the page and the health check.</summary>
public sealed partial class WebStartupTests
{
    [Fact]
    public async Task The_start_up_log_says_where_the_web_client_is_and_it_serves_the_page_and_health()
    {
        await using var server = await ServerProcess.StartAsync(":memory:"); // --http-port 0: a free port
        var line = Assert.Single(server.Log, l => WebClientOn().IsMatch(l));
        int port = int.Parse(WebClientOn().Match(line).Groups[1].Value);

        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        Assert.Equal("ok", (await http.GetStringAsync("/healthz")).Trim());
        var page = await http.GetStringAsync("/");
        Assert.Contains("<title>RxChat</title>", page);
        Assert.Contains("export class Session", await http.GetStringAsync("/session.js"));
        Assert.Contains("rxchat_connections", await http.GetStringAsync("/metrics"));
        var notWebSocket = await http.GetAsync("/ws");
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, notWebSocket.StatusCode);
    }

    [GeneratedRegex(@"Web client on http://127\.0\.0\.1:(\d+)/$")]
    private static partial Regex WebClientOn();
}
