using System.Diagnostics;
using RxChat.Tests.Client;
using RxChat.Tests.Support;

namespace RxChat.Tests.EndToEnd.Irc;

/// <summary>
/// Real IRC clients, as people use them (Debian's irssi, weechat-headless and HexChat, which
/// .ci/run installs): each connects, joins #main, sees a TCP user's line and the leader's @, and
/// says a line the TCP user receives. Every wait is for something to show, with a generous bound.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")] // HexChat's folder is opened to the user it runs as
public sealed class IrcRealClientTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Irssi_in_tmux_joins_main_sees_the_leader_and_a_TCP_users_line_and_is_heard()
    {
        await using var server = await IrcServer.StartAsync();
        await using var amy = await Peers.InRoomAsync(server.Port, "amy", "main"); // connected first: the leader
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
        await using var amy = await Peers.InRoomAsync(server.Port, "amy", "main");
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

    [Fact]
    public async Task HexChat_on_a_virtual_display_joins_main_sees_the_leader_and_a_TCP_users_line_and_is_heard()
    {
        await using var server = await IrcServer.StartAsync();
        await using var amy = await Peers.InRoomAsync(server.Port, "amy", "main");
        var dir = Directory.CreateTempSubdirectory("rxchat-hexchat-");
        // HexChat will not chat as root (it stops at a dialog), so under root it runs as nobody, who must write here.
        File.SetUnixFileMode(dir.FullName, (UnixFileMode)0b111_111_111);
        // A network that connects at start and, once connected, joins, asks for the names and says a line: the
        // server takes them in that order, so the line is said in #main. Logging on, so the test reads what is shown.
        await File.WriteAllTextAsync(Path.Combine(dir.FullName, "hexchat.conf"),
            "irc_nick1 = hank\nirc_nick2 = hank2\nirc_nick3 = hank3\nirc_user_name = hank\nirc_real_name = Hank\n" +
            "gui_slist_skip = 1\nirc_logging = 1\nirc_join_delay = 0\ngui_tray = 0\n");
        await File.WriteAllTextAsync(Path.Combine(dir.FullName, "servlist.conf"),
            $"v=2.16.1\n\nN=rxchat\nE=UTF-8 (Unicode)\nF=10\nD=0\nS=127.0.0.1/{server.Irc()}\n" +
            "C=join #main\nC=names #main\nC=msg #main hi from hexchat\n\n");
        using var display = await VirtualDisplay.StartAsync();
        var asRoot = Environment.UserName == "root";
        var start = new ProcessStartInfo(asRoot ? "setpriv" : "dbus-run-session") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in (asRoot ? ["--reuid=65534", "--regid=65534", "--clear-groups", "dbus-run-session"] : Array.Empty<string>())
                     .Concat(["--", "hexchat", "--no-plugins", "--cfgdir", dir.FullName])) start.ArgumentList.Add(arg);
        start.Environment["DISPLAY"] = display.Name;
        start.Environment["HOME"] = dir.FullName; // a session bus of its own, and nothing of the test user's
        using var hexchat = Process.Start(start)!;
        hexchat.OutputDataReceived += (_, _) => { };
        hexchat.ErrorDataReceived += (_, _) => { };
        hexchat.BeginOutputReadLine();
        hexchat.BeginErrorReadLine();
        try
        {
            Assert.EndsWith("hank joined the room", await amy.ReadLineAsync());
            Assert.Matches(@"^\[\d\d:\d\d:\d\d\] hank: hi from hexchat$", await amy.ReadLineAsync());
            var log = Path.Combine(dir.FullName, "logs", "rxchat", "#main.log");
            await ExpectInFileAsync(log, "Users on #main: @amy hank"); // the leader as the channel's operator

            await amy.SendLineAsync("hello hexchat");
            await ExpectInFileAsync(log, "<amy>\thello hexchat");
        }
        finally
        {
            hexchat.Kill(entireProcessTree: true);
            await hexchat.WaitForExitAsync();
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
