using System.Text.RegularExpressions;
using RxChat.Tests.Support;

namespace RxChat.Tests.Client;

/// <summary>
/// The built client in a real terminal (tmux) with direct messages, a topic and an action:
/// a message stands out, <c>/r</c> answers it, Tab completes the name after <c>/msg</c>.
/// </summary>
public sealed partial class DirectMessageUnderTmuxTests
{
    [Fact]
    public async Task A_direct_message_stands_out_and_slash_r_answers_it_and_the_topic_and_actions_show()
    {
        Assert.True(TmuxTerminal.IsInstalled(), "tmux is not installed (the Debian package; .ci/run installs it)");
        await using var server = await RunningServer.StartAsync();
        await using var bob = await LineClient.LogInAsync(server.Port, "bob");
        using var screen = TmuxTerminal.Start(100, 30, "dotnet", ClientProcess.ClientDll, "alice", "127.0.0.1", server.Port.ToString());
        await screen.ExpectAsync(rows => TmuxTerminal.InputRow(rows) == "alice>", "the prompt after the welcome");

        await bob.SendLineAsync("/msg alice are you there?");
        Assert.Matches(@"^\[\d\d:\d\d:\d\d\] bob -> alice: are you there\?$", await bob.ReadLineAsync());
        await screen.ExpectAsync(rows => rows.Any(r => r.EndsWith("bob -> alice: are you there?")), "the direct message");
        var received = Assert.Single(screen.ColouredRows(), r => TmuxTerminal.Unstyled(r).EndsWith("bob -> alice: are you there?"));
        Assert.Matches(ReversedArrow(), received);

        screen.Type("/r yes, here");
        screen.Press("Enter");
        Assert.Matches(@"^\[\d\d:\d\d:\d\d\] alice -> bob: yes, here$", await bob.ReadLineAsync());
        await screen.ExpectAsync(rows => rows.Any(r => r.EndsWith("alice -> bob: yes, here")), "the answer, as the server said it");
        var sent = Assert.Single(screen.ColouredRows(), r => TmuxTerminal.Unstyled(r).EndsWith("alice -> bob: yes, here"));
        Assert.Matches(ReversedArrow(), sent); // both ways

        screen.Type("/msg b");
        screen.Press("Tab");
        await screen.ExpectAsync(rows => TmuxTerminal.InputRow(rows) == "alice> /msg bob", "the name completed after /msg");
        screen.Type("completed");
        screen.Press("Enter");
        Assert.Matches(@"^\[\d\d:\d\d:\d\d\] alice -> bob: completed$", await bob.ReadLineAsync());

        await bob.SendLineAsync("/join main");
        await bob.SendLineAsync("/topic be nice");
        Assert.Equal("You joined room main", await bob.ReadLineAsync());
        Assert.EndsWith("bob set the topic of main: be nice", await bob.ReadLineAsync());
        screen.Type("/join main");
        screen.Press("Enter");
        await screen.ExpectAsync(rows => rows.Contains("Topic of main: be nice"), "the topic after joining");
        await bob.SendLineAsync("/me waves");
        await screen.ExpectAsync(rows => rows.Any(r => r.EndsWith("* bob waves")), "the action");
    }

    /// <summary>The arrow of a direct message drawn reversed (SGR 7): its own marker.</summary>
    [GeneratedRegex(@"\u001b\[(?:\d+;)*7(?:;\d+)*m(?:\u001b\[[0-9;]*m)* -> ")]
    private static partial Regex ReversedArrow();
}
