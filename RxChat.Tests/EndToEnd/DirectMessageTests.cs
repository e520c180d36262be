using RxChat.Tests.Support;
using static RxChat.Tests.Support.WebPage;

namespace RxChat.Tests.EndToEnd;

/// <summary>
/// Direct messages, topics and removals over real sockets: two raw TCP users (as with
/// <c>nc</c>) and a web user in Debian's Chromium, against the real server on free ports.
/// </summary>
public sealed class DirectMessageTests
{
    private const string Stamp = @"^\[\d\d:\d\d:\d\d\] ";

    [Fact]
    public async Task Two_tcp_users_and_a_web_user_exchange_direct_messages_that_nobody_else_sees()
    {
        await using var server = await RunningServer.StartWithHttpAsync();
        await using var ann = await LineClient.LogInAsync(server.Port, "ann");
        await using var bob = await LineClient.LogInAsync(server.Port, "bob");
        await using var web = await WebPage.OpenAsync(server.HttpPort!.Value);
        await web.RunAsync("direct-messages", async page =>
        {
            await web.LogInAsync("cyd");

            // TCP to TCP: both parties get the one line, with the one stamp.
            await ann.SendLineAsync("/msg bob hi bob, just us");
            var sent = await ann.ReadLineAsync();
            Assert.Matches(Stamp + "ann -> bob: hi bob, just us$", sent);
            Assert.Equal(sent, await bob.ReadLineAsync());

            // TCP to the web page: set apart, with a way to answer.
            await bob.SendLineAsync("/msg cyd hello web");
            Assert.Matches(Stamp + "bob -> cyd: hello web$", await bob.ReadLineAsync());
            var dm = page.Locator("#messages li.dm");
            await Expect(dm).ToHaveCountAsync(1, new() { Timeout = Patience });
            await Expect(dm.First).ToContainTextAsync("bob → cyd:hello web");

            // The page answers through its Reply button, which addresses the message to bob.
            await dm.First.Locator("button.answer").ClickAsync();
            await Expect(page.Locator("#line")).ToHaveValueAsync("/msg bob ");
            await page.Locator("#line").PressSequentiallyAsync("hi back");
            await page.PressAsync("#line", "Enter");
            Assert.Matches(Stamp + "cyd -> bob: hi back$", await bob.ReadLineAsync());
            await Expect(dm).ToHaveCountAsync(2, new() { Timeout = Patience });
            await Expect(dm.Last).ToContainTextAsync("cyd → bob:hi back");

            // The web page to ann, who saw none of the others' messages: this is her next line.
            await web.SayAsync("/msg ann from the web");
            Assert.Matches(Stamp + "cyd -> ann: from the web$", await ann.ReadLineAsync());
            await Expect(dm).ToHaveCountAsync(3, new() { Timeout = Patience });

            // Refusals reach their sender alone.
            await ann.SendLineAsync("/msg nobody hello?");
            Assert.Equal("No user named nobody", await ann.ReadLineAsync());
            await ann.SendLineAsync("/msg bob");
            Assert.Equal("Usage: /msg <user> <text>", await ann.ReadLineAsync());
            await ann.ExpectNothingMoreAsync();
            await bob.ExpectNothingMoreAsync();
            await Expect(dm).ToHaveCountAsync(3); // ann's message to bob never reached the page
            await web.ScreenshotAsync("web-direct-messages.png");
        });
    }

    [Fact]
    public async Task The_web_leader_edits_the_topic_a_tcp_joiner_is_told_it_and_a_removed_web_user_is_told_plainly()
    {
        await using var server = await RunningServer.StartWithHttpAsync();
        await using var lead = await WebPage.OpenAsync(server.HttpPort!.Value);
        await using var member = await WebPage.OpenAsync(server.HttpPort!.Value);
        await lead.RunAsync("topic-leader", async page =>
        {
            await lead.LogInAsync("lea"); // connected first: leads main
            await lead.SayAsync("/join main");
            await Expect(page.Locator("#topic-bar")).ToBeVisibleAsync(new() { Timeout = Patience });
            await Expect(page.Locator("#topic")).ToHaveTextAsync("none set");
            await Expect(page.Locator("#edit-topic")).ToBeVisibleAsync(new() { Timeout = Patience });

            await member.LogInAsync("max");
            await member.SayAsync("/join main");
            await Expect(member.Page.Locator("#members li")).ToHaveTextAsync(["lea", "max"], new() { Timeout = Patience });
            await Expect(member.Page.Locator("#edit-topic")).ToBeHiddenAsync(); // not the leader

            await page.ClickAsync("#edit-topic");
            await page.FillAsync("#topic-input", "release: Friday");
            await page.PressAsync("#topic-input", "Enter");
            await Expect(page.Locator("#topic")).ToHaveTextAsync("release: Friday", new() { Timeout = Patience });
            await Expect(member.Page.Locator("#topic")).ToHaveTextAsync("release: Friday", new() { Timeout = Patience });
            await Expect(member.Page.Locator("#messages li.event").Last).ToContainTextAsync("lea set the topic of main: release: Friday");

            await using var tcp = await LineClient.LogInAsync(server.Port, "tom");
            await tcp.SendLineAsync("/join main");
            Assert.Equal(["You joined room main", "Topic of main: release: Friday"], await tcp.ReadLinesAsync(2));

            // The member tries what only the leader may.
            await member.SayAsync("/topic mine");
            await Expect(member.Page.Locator("#messages li.reply").Last).ToHaveTextAsync("Only the leader of main can do that", new() { Timeout = Patience });

            await lead.SayAsync("/kick max enough");
            await Expect(member.Page.Locator("#messages li.removed")).ToHaveTextAsync("You were removed from main by lea: enough", new() { Timeout = Patience });
            await Expect(member.Page.Locator("#topic-bar")).ToBeHiddenAsync();
            await Expect(member.Page.Locator("#members li")).ToHaveCountAsync(0);
            Assert.Matches(Stamp + "max was removed from main by lea: enough$", await tcp.ReadLineAsync());
            await Expect(page.Locator("#members li")).ToHaveTextAsync(["lea", "tom"], new() { Timeout = Patience });

            await member.SayAsync("/join main");
            await Expect(member.Page.Locator("#messages li.reply").Last).ToHaveTextAsync(
                new System.Text.RegularExpressions.Regex(@"^You were removed from main: you may join it again in \d+ s$"), new() { Timeout = Patience });
            await member.ScreenshotAsync("web-removed.png");
        });
    }
}
