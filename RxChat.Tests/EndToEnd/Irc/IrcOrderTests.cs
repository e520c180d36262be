using System.Text.RegularExpressions;
using RxChat.Tests.Support;

namespace RxChat.Tests.EndToEnd.Irc;

/// <summary>
/// One log, one order, whatever the kind of client: IRC, TCP and WebSocket observers of one
/// room see the same interleaving of what IRC and TCP senders said at once.
/// </summary>
public sealed partial class IrcOrderTests
{
    private const int PerSender = 40;

    [GeneratedRegex(@"^\[\d\d:\d\d:\d\d\] (?<user>\S+): (?<text>.+)$")]
    private static partial Regex TextChat();

    [GeneratedRegex(@"^:(?<user>[^!]+)!\S+ PRIVMSG #main :(?<text>.+)$")]
    private static partial Regex IrcChat();

    [Fact]
    public async Task IRC_TCP_and_WebSocket_observers_of_one_room_see_the_same_interleaving()
    {
        await using var server = await IrcServer.StartAsync(options => options.HttpPort = 0);
        await using var tcpWatcher = await LineClient.LogInAsync(server.Port, "tcpwatch");
        await tcpWatcher.SendLineAsync("/join main");
        await tcpWatcher.ReadLineAsync();
        await using var webWatcher = await JsonClient.LogInAsync(server.HttpPort!.Value, "webwatch");
        await webWatcher.SayAsync("/join main");
        await webWatcher.NextAsync("joined");
        await using var ircWatcher = await IrcPeer.RegisterAsync(server.Irc(), "ircwatch");
        await ircWatcher.SendAsync("JOIN #main");
        await ircWatcher.ReadThroughAsync("366");

        var tcpSenders = new List<LineClient>();
        var ircSenders = new List<IrcPeer>();
        for (int i = 0; i < 2; i++)
        {
            var tcp = await LineClient.LogInAsync(server.Port, $"tcp{i}");
            await tcp.SendLineAsync("/join main");
            await tcp.ReadLineAsync();
            tcpSenders.Add(tcp);
            var irc = await IrcPeer.RegisterAsync(server.Irc(), $"irc{i}");
            await irc.SendAsync("JOIN #main");
            await irc.ReadThroughAsync("366");
            ircSenders.Add(irc);
        }
        try
        {
            // Everyone at once, each sender's lines in one write.
            var sending = tcpSenders.Select((tcp, i) => tcp.SendRawAsync(string.Concat(Enumerable.Range(0, PerSender).Select(n => $"t{i}-{n}\n"))))
                .Concat(ircSenders.Select((irc, i) => irc.SendRawAsync(string.Concat(Enumerable.Range(0, PerSender).Select(n => $"PRIVMSG #main :i{i}-{n}\r\n")))));
            await Task.WhenAll(sending);
            int total = PerSender * 4;

            var byTcp = await ReadChatAsync(total, async () => TextChat().Match(await tcpWatcher.ReadLineAsync()));
            var byIrc = await ReadChatAsync(total, async () => IrcChat().Match(IrcPeer.Untagged(await ircWatcher.ReadAsync())));
            var byWeb = new List<string>();
            while (byWeb.Count < total)
            {
                var said = await webWatcher.NextAsync();
                if ((string?)said["type"] == "said") byWeb.Add($"{said["user"]}: {said["text"]}");
            }

            Assert.Equal(byTcp, byIrc);
            Assert.Equal(byTcp, byWeb);
            foreach (var sender in new[] { "t0", "t1", "i0", "i1" }) // each sender's own order kept
                Assert.Equal(Enumerable.Range(0, PerSender).Select(n => $"{sender}-{n}"),
                    byTcp.Select(line => line[(line.IndexOf(": ", StringComparison.Ordinal) + 2)..]).Where(text => text.StartsWith(sender + "-", StringComparison.Ordinal)));
        }
        finally
        {
            foreach (var tcp in tcpSenders) await tcp.DisposeAsync();
            foreach (var irc in ircSenders) await irc.DisposeAsync();
        }
    }

    /// <summary>The next <paramref name="count"/> chat lines, as <c>user: text</c>, skipping anything else (joins).</summary>
    private static async Task<List<string>> ReadChatAsync(int count, Func<Task<Match>> next)
    {
        var lines = new List<string>(count);
        while (lines.Count < count)
        {
            var match = await next();
            if (match.Success) lines.Add($"{match.Groups["user"].Value}: {match.Groups["text"].Value}");
        }
        return lines;
    }
}
