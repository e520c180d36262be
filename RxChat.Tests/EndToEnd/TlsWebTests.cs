using System.Net.Http;
using System.Net.WebSockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using RxChat.Server.Hosting;
using RxChat.Tests.Support;
using static RxChat.Tests.Support.Peers;

namespace RxChat.Tests.EndToEnd;

/// <summary>
/// With a certificate configured, the HTTP side serves HTTPS and <c>wss://</c> on its own
/// port, presenting the TLS port's certificate; the page loaded over HTTPS chats over wss.
/// </summary>
public sealed class TlsWebTests : IDisposable
{
    private const string Chromium = "/usr/bin/chromium";
    private readonly TestCertificate _certificate = TestCertificate.Create();

    public void Dispose() => _certificate.Dispose();

    private Task<ChatServer> StartAsync() =>
        ChatServer.StartAsync(RunningServer.Options(options =>
        {
            _certificate.ServeFrom(options);
            options.HttpPort = 0;
            options.Tls.HttpsPort = 0;
        }));

    [Fact]
    public async Task The_web_side_answers_over_HTTPS_and_wss_with_the_configured_certificate()
    {
        await using var server = await StartAsync();
        Assert.NotNull(server.HttpsPort);
        Assert.NotEqual(server.HttpPort, server.HttpsPort);

        X509Certificate2? presented = null;
        using var handler = new HttpClientHandler
        {
            ServerCertificateCustomValidationCallback = (_, certificate, _, _) =>
            {
                presented = certificate is null ? null : new X509Certificate2(certificate);
                return true; // checked below: it must be exactly ours
            },
        };
        using var https = new HttpClient(handler) { Timeout = LineClient.Patience };
        var health = await https.GetStringAsync($"https://localhost:{server.HttpsPort}/healthz");
        Assert.Equal("ok\n", health);
        Assert.Equal(_certificate.Certificate.Thumbprint, presented?.Thumbprint);
        Assert.Contains("<!doctype html>", await https.GetStringAsync($"https://localhost:{server.HttpsPort}/"));

        // wss: the structured protocol over the same certificate, beside a plain TCP user.
        await using var peer = await LineClient.LogInAsync(server.Port, "peer");
        using var socket = new ClientWebSocket();
        socket.Options.RemoteCertificateValidationCallback = _certificate.TrustOnlyThis;
        await socket.ConnectAsync(new Uri($"wss://localhost:{server.HttpsPort}/ws"), CancellationToken.None).WaitAsync(LineClient.Patience);
        await SendAsync(socket, new JsonObject { ["type"] = "login", ["username"] = "webby" });
        Assert.Equal("welcome", (string?)(await ReceiveAsync(socket))["type"]);
        await SendAsync(socket, new JsonObject { ["type"] = "send", ["text"] = "/users" });
        var users = await ReceiveAsync(socket);
        Assert.Contains("webby", users.ToJsonString());
        Assert.Contains("peer", users.ToJsonString());
        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "", CancellationToken.None).WaitAsync(LineClient.Patience);
    }

    [Fact]
    public async Task The_page_loaded_over_HTTPS_chats_over_wss()
    {
        Assert.True(File.Exists(Chromium), $"{Chromium} is missing: .ci/run installs Debian's chromium");
        await using var server = await StartAsync();
        await using var tls = await LineClient.ConnectTlsAsync(server.TlsPort!.Value, _certificate.TrustOnlyThis);
        await tls.SendLineAsync("tls");
        Assert.Equal("Welcome to the chat server!", await tls.ReadLineAsync());
        await tls.SendLineAsync("/join main");
        Assert.Equal("You joined room main", await tls.ReadLineAsync());

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", "--disable-quic"],
        });
        // The test's certificate is self-signed: the browser is told to accept it, as a person would click through.
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { IgnoreHTTPSErrors = true });
        var page = await context.NewPageAsync();
        var patience = (float)LineClient.Patience.TotalMilliseconds;
        await page.GotoAsync($"https://localhost:{server.HttpsPort}/");
        Assert.StartsWith("https:", page.Url);
        await page.FillAsync("#username", "browser");
        await page.PressAsync("#username", "Enter");
        await Assertions.Expect(page.Locator("#state")).ToHaveTextAsync("online", new() { Timeout = patience });
        await page.FillAsync("#room-name", "main");
        await page.PressAsync("#room-name", "Enter");
        AssertStamped("browser joined the room", await tls.ReadLineAsync());

        await page.FillAsync("#line", "over wss");
        await page.PressAsync("#line", "Enter");
        AssertStamped("browser: over wss", await tls.ReadLineAsync());
        await tls.SendLineAsync("over tls");
        await Assertions.Expect(page.Locator("#messages li").Last).ToContainTextAsync("over tls", new() { Timeout = patience });
    }

    private static async Task SendAsync(ClientWebSocket socket, JsonObject message) =>
        await socket.SendAsync(Encoding.UTF8.GetBytes(message.ToJsonString()), WebSocketMessageType.Text, true, CancellationToken.None)
            .WaitAsync(LineClient.Patience);

    private static async Task<JsonObject> ReceiveAsync(ClientWebSocket socket)
    {
        var buffer = new byte[64 * 1024];
        int used = 0;
        ValueWebSocketReceiveResult result;
        do
        {
            result = await socket.ReceiveAsync(buffer.AsMemory(used), CancellationToken.None).AsTask().WaitAsync(LineClient.Patience);
            used += result.Count;
        } while (!result.EndOfMessage);
        return JsonNode.Parse(Encoding.UTF8.GetString(buffer, 0, used))!.AsObject();
    }
}
