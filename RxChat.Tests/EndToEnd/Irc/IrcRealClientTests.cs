using System.Diagnostics;
using RxChat.Tests.Client;
using RxChat.Tests.Support;

namespace RxChat.Tests.EndToEnd.Irc;

/// <summary>
/// Real IRC clients, as people use them (Debian's irssi and weechat-headless, which .ci/run
/// installs): each connects, joins #main, sees a TCP user's line and the leader's @, and says
/// a line the TCP user receives. Every wait is for something to show, with a generous bound.
/// </summary>
public sealed class IrcRealClientTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Irssi_in_tmux_joins_main_sees_the_leader_and_a_TCP_users_line_and_is_heard()
    {
        await using var server = await IrcServer.StartAsync();
        await using var amy = await LineClient.LogInAsync(server.Port, "amy"); // connected first: the leader
        await amy.SendLineAsync("/join main");
        await amy.ReadLineAsync();
        var home = Directory.CreateTempSubdirectory("rxchat-irssi-");
        try
        {
            using var irssi = TmuxTerminal.Start(160, 40, "irssi", $"--home={home.FullName}", "-c", "127.0.0.1", "-p", $"{server.Irc()}", "-n", "erin");
            await irssi.ExpectAsync(rows => rows.Any(r => r.Contains("Your nick is your RxChat username", StringComparison.Ordinal)), "the MOTD");
            irssi.Type("/join #main");
            irssi.Press("Enter");
            await irssi.ExpectAsync(rows => rows.Any(r => r.Contains("[@amy]", StringComparison.Ordinal)), "amy as the channel's operator");
            Assert.EndsWith("erin joined the room", await amy.ReadLineAsync());

            await amy.SendLineAsync("hello irssi");
            await irssi.ExpectAsync(rows => rows.Any(r => r.Contains("amy> hello irssi", StringComparison.Ordinal)), "amy's line");
            irssi.Type("hi from irssi");
            irssi.Press("Enter");
            Assert.Matches(@"^\[\d\d:\d\d:\d\d\] erin: hi from irssi$", await amy.ReadLineAsync());
        }
        finally { home.Delete(recursive: true); }
    }

    [Fact]
    public async Task WeeChat_headless_from_a_script_joins_main_sees_the_leader_and_a_TCP_users_line_and_is_heard()
    {
        await using var server = await IrcServer.StartAsync();
        await using var amy = await LineClient.LogInAsync(server.Port, "amy");
        await amy.SendLineAsync("/join main");
        await amy.ReadLineAsync();
        var dir = Directory.CreateTempSubdirectory("rxchat-weechat-");
        var start = new ProcessStartInfo("weechat-headless") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[]
        {
            "--dir", dir.FullName, "--run-command",
            // Logs written at once, so the test can read what the buffer shows as it shows it; the names shown on joining.
            $"/set logger.file.flush_delay 0;/set irc.look.display_join_message 329,332,333,353,366;/server add rxchat 127.0.0.1/{server.Irc()};/set irc.server.rxchat.nicks wendy;" +
            "/set irc.server.rxchat.autojoin #main;/connect rxchat",
        }) start.ArgumentList.Add(arg);
        using var weechat = Process.Start(start)!;
        try
        {
            var log = Path.Combine(dir.FullName, "logs", "irc.rxchat.#main.weechatlog");
            await ExpectInFileAsync(log, "wendy (wendy@local) has joined #main");
            await ExpectInFileAsync(log, "[@amy wendy]"); // the names, the leader as operator
            Assert.EndsWith("wendy joined the room", await amy.ReadLineAsync());

            await amy.SendLineAsync("hello weechat");
            await ExpectInFileAsync(log, "amy\thello weechat");
            // What a script says goes through WeeChat's FIFO, as typed into the #main buffer.
            await File.WriteAllTextAsync(Path.Combine(dir.FullName, $"weechat_fifo_{weechat.Id}"), "irc.rxchat.#main *hi from weechat\n");
            Assert.Matches(@"^\[\d\d:\d\d:\d\d\] wendy: hi from weechat$", await amy.ReadLineAsync());
        }
        finally
        {
            weechat.Kill(entireProcessTree: true);
            await weechat.WaitForExitAsync();
            dir.Delete(recursive: true);
        }
    }

    private static async Task ExpectInFileAsync(string path, string text)
    {
        var bound = Stopwatch.StartNew();
        while (true)
        {
            var content = File.Exists(path) ? await File.ReadAllTextAsync(path) : "";
            if (content.Contains(text, StringComparison.Ordinal)) return;
            if (bound.Elapsed > Patience) throw new Xunit.Sdk.XunitException($"{path} never showed \"{text}\":\n{content}");
            await Task.Delay(100);
        }
    }
}
