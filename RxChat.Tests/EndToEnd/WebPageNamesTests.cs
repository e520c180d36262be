using System.Text.Json;
using RxChat.Client.Lines;
using RxChat.Client.Rendering;
using RxChat.Tests.Support;
using Spectre.Console;
using static RxChat.Tests.Support.WebPage;

namespace RxChat.Tests.EndToEnd;

/// <summary>
/// Names look the same in the browser as in the console client: the same colour for the same
/// name (its <see cref="UserPalette"/>), and the same lines marked as mentioning the user
/// (its <see cref="Mentions"/> rule). The page's JavaScript is run in the browser and compared
/// with the C# it mirrors.
/// </summary>
public sealed class WebPageNamesTests
{
    private static readonly string[] Names =
        ["alice", "bob", "carl", "ann", "ann<b>", "Zoë", "李雷", "d'Artagnan", "x", "BOB", .. Enumerable.Range(0, 24).Select(i => $"user{i}")];

    private static string ConsoleColour(string name) => "#" + Style.Parse(UserPalette.ColourOf(name)).Foreground.ToHex().ToLowerInvariant();

    [Fact]
    public async Task The_page_gives_each_name_the_colour_the_console_client_gives_it()
    {
        await using var server = await RunningServer.StartWithHttpAsync();
        await using var web = await WebPage.OpenAsync(server.HttpPort!.Value);
        await web.RunAsync("palette", async page =>
        {
            var inBrowser = await page.EvaluateAsync<string[]>(
                "async names => { const palette = await import('/palette.js'); return names.map(palette.colourOf); }", Names);
            Assert.Equal(Names.Select(ConsoleColour), inBrowser);
            Assert.Equal(UserPalette.Colours.Count, inBrowser.Distinct().Count()); // the names above reach every colour

            // And the page uses it: a member's name is drawn in that colour.
            await web.LogInAsync("Zoë");
            await web.SayAsync("/join main");
            var shown = await page.Locator("#members li .user").First.EvaluateAsync<string>("e => getComputedStyle(e).color", null, new() { Timeout = Patience });
            var rgb = Style.Parse(UserPalette.ColourOf("Zoë")).Foreground;
            Assert.Equal($"rgb({rgb.R}, {rgb.G}, {rgb.B})", shown);
        });
    }

    private static readonly (string Me, string Message)[] MentionCases =
    [
        ("bob", "hi bob"), ("bob", "Bob, look"), ("bob", "@bob!"), ("bob", "BOB and bob and Bob."),
        ("bob", "bobcat"), ("bob", "bob_2 and 2bob"), ("bob", "jacob"), ("bob", ""),
        ("zoë", "Zoë? ZOË!"), ("zoë", "zoëlle"), ("a.b", "a.b axb"), ("d'Artagnan", "d'artagnan, en garde"),
        ("ann<b>", "hello ann<b>"), ("李雷", "你好李雷"), ("李雷", "你好 李雷 !"), ("x1", "x1x1 x1-x1"),
    ];

    [Fact]
    public async Task The_page_marks_mentions_by_the_console_clients_rule()
    {
        await using var server = await RunningServer.StartWithHttpAsync();
        await using var web = await WebPage.OpenAsync(server.HttpPort!.Value);
        var inBrowser = await web.Page.EvaluateAsync<JsonElement>(
            "async cases => { const m = await import('/mentions.js'); return cases.map(([me, text]) => m.splitMentions(text, me)); }",
            MentionCases.Select(c => new[] { c.Me, c.Message }).ToArray());
        var cases = inBrowser.EnumerateArray().ToList();
        for (var i = 0; i < MentionCases.Length; i++)
        {
            var (me, message) = MentionCases[i];
            var browserPieces = cases[i].EnumerateArray().Select(p => (p.GetProperty("text").GetString()!, p.GetProperty("mention").GetBoolean())).ToList();
            Assert.True(Mentions.Split(message, me).SequenceEqual(browserPieces), $"{me} in \"{message}\": the page splits it as {string.Join(" | ", browserPieces)}");
        }
    }

    [Fact]
    public async Task A_line_that_names_the_user_is_highlighted_and_one_that_does_not_is_not()
    {
        await using var server = await RunningServer.StartWithHttpAsync();
        await using var bob = await LineClient.LogInAsync(server.Port, "bob");
        await bob.SendLineAsync("/join main");
        Assert.Equal("You joined room main", await bob.ReadLineAsync());

        await using var web = await WebPage.OpenAsync(server.HttpPort!.Value);
        await web.RunAsync("mention", async page =>
        {
            await web.LogInAsync("ann");
            await web.SayAsync("/join main");
            Assert.Matches("ann joined the room$", await bob.ReadLineAsync());
            await bob.SendLineAsync("welcome, everyone");
            await bob.SendLineAsync("hey Ann, have a look at this");
            await bob.SendLineAsync("annabel says hi");
            await web.SayAsync("thanks bob, and hi ann");   // our own line naming us is not a mention

            var lines = page.Locator("#messages li:has(.text)");
            await Expect(lines).ToHaveCountAsync(4, new() { Timeout = Patience });
            await Expect(page.Locator("#messages li.mention")).ToHaveCountAsync(1);
            await Expect(page.Locator("#messages li.mention .text")).ToHaveTextAsync("hey Ann, have a look at this");
            await Expect(page.Locator("#messages li.mention mark")).ToHaveTextAsync("Ann");
            await Expect(page.Locator("#messages mark")).ToHaveCountAsync(1);
            await web.ScreenshotAsync("web-mention.png");
        });
    }
}
