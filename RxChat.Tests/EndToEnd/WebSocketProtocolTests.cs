using System.Net.WebSockets;
using System.Net.Http;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using RxChat.Server.Hosting;
using RxChat.Tests.Support;

namespace RxChat.Tests.EndToEnd;

/// <summary>PROTOCOL.md Part 4 against the real server: a WebSocket peer beside raw TCP peers, in one order.</summary>
public sealed class WebSocketProtocolTests
{
    private static string? S(JsonObject o, string field) => (string?)o[field];

    private static JsonObject Expect(JsonObject o, string type, string? user = null)
    {
        Assert.True(S(o, "type") == type, $"expected {type}, got {o.ToJsonString()}");
        if (user is not null) Assert.Equal(user, S(o, "user"));
        return o;
    }

    [Fact]
    public async Task A_browser_user_and_a_tcp_user_chat_and_see_joins_leaves_members_and_leaders()
    {
        await using var server = await RunningServer.StartWithHttpAsync();
        await using var bob = await LineClient.LogInAsync(server.Port, "bob"); // connected first: leads
        await bob.SendLineAsync("/join main");
        Assert.Equal("You joined room main", await bob.ReadLineAsync());

        await using var alice = await JsonClient.LogInAsync(server.HttpPort!.Value, "alice");
        await alice.SayAsync("/join main");
        var joined = Expect(await alice.NextAsync(), "joined", "alice");
        Assert.Equal("main", S(joined, "room"));
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$", S(joined, "time"));
        var room = Expect(await alice.NextAsync(), "room");
        Assert.Equal(["bob", "alice"], room["members"]!.AsArray().Select(n => (string?)n));
        Assert.Equal("bob", S(room, "leader"));
        Assert.Equal((long)joined["seq"]!, (long)room["seq"]!);
        Assert.Matches(@"^\[\d\d:\d\d:\d\d\] alice joined the room$", await bob.ReadLineAsync());

        await bob.SendLineAsync("hi <b>alice</b>");
        var said = Expect(await alice.NextAsync(), "said", "bob");
        Assert.Equal("hi <b>alice</b>", S(said, "text"));
        Assert.True((long)said["seq"]! > (long)joined["seq"]!);

        await alice.SayAsync("hello bob");
        Assert.Matches(@"^\[\d\d:\d\d:\d\d\] alice: hello bob$", await bob.ReadLineAsync());

        await alice.SayAsync("/users");
        Assert.Equal("Users: bob, alice", S(Expect(await alice.NextAsync(), "reply"), "text"));
        await alice.SayAsync("/rooms");
        var rooms = Expect(await alice.NextAsync(), "reply");
        Assert.Equal("Rooms: main (2)", S(rooms, "text"));
        Assert.Equal("main", (string?)rooms["rooms"]![0]!["name"]);

        await bob.SendLineAsync("quit");
        Expect(await alice.NextAsync(), "left", "bob");
        var after = Expect(await alice.NextAsync(), "room");
        Assert.Equal(["alice"], after["members"]!.AsArray().Select(n => (string?)n));
        Expect(await alice.NextAsync(), "leader", "alice");
    }

    [Fact]
    public async Task Frames_that_are_no_message_get_an_error_and_change_nothing()
    {
        await using var server = await RunningServer.StartWithHttpAsync(o => o.Limits.MaxLineBytes = 256);
        await using var alice = await JsonClient.ConnectAsync(server.HttpPort!.Value);

        async Task Refused(Func<Task> send, string text)
        {
            await send();
            var error = Expect(await alice.NextAsync(), "error");
            Assert.Equal(text, S(error, "text"));
            Assert.False((bool)error["fatal"]!);
        }
        await Refused(() => alice.SendTextAsync("not json"), "Expected one JSON object in a text frame");
        await Refused(() => alice.SendTextAsync("[1,2]"), "Expected one JSON object in a text frame");
        await Refused(() => alice.SendBinaryAsync([1, 2, 3]), "Expected one JSON object in a text frame");
        await Refused(() => alice.SendTextAsync("""{"type":"dance"}"""), "Unknown message type (expected login, send or resume)");
        await Refused(() => alice.SayAsync("/users"), "Log in first");
        await Refused(() => alice.SendTextAsync(new string('x', 300)), "Line too long (max 256 bytes)");

        await alice.SendAsync(new JsonObject { ["type"] = "login", ["username"] = "alice" });
        Expect(await alice.NextAsync(), "welcome");
        await Refused(() => alice.SendAsync(new JsonObject { ["type"] = "login", ["username"] = "eve" }), "Already logged in");
        await alice.SayAsync("/users");
        Assert.Equal("Users: alice", S(Expect(await alice.NextAsync(), "reply"), "text"));
    }

    [Fact]
    public async Task A_refused_name_is_a_fatal_error_and_the_websocket_closes()
    {
        await using var server = await RunningServer.StartWithHttpAsync();
        await using var first = await JsonClient.LogInAsync(server.HttpPort!.Value, "alice");
        await using var second = await JsonClient.ConnectAsync(server.HttpPort!.Value);
        await second.SendAsync(new JsonObject { ["type"] = "login", ["username"] = "Alice" });
        var rest = await second.ReadUntilClosedAsync();
        var error = Expect(Assert.Single(rest), "error");
        Assert.True((bool)error["fatal"]!);
    }

    [Fact]
    public async Task A_websocket_that_never_logs_in_is_told_and_closed_at_the_login_timeout()
    {
        await using var server = await RunningServer.StartWithHttpAsync(o => o.Limits.LoginTimeoutSeconds = 0.5);
        await using var silent = await JsonClient.ConnectAsync(server.HttpPort!.Value);
        var error = Expect(Assert.Single(await silent.ReadUntilClosedAsync()), "error");
        Assert.Equal("No username within 0.5 s: disconnected", S(error, "text"));
        Assert.True((bool)error["fatal"]!);
    }

    [Fact]
    public async Task A_flooding_websocket_is_told_to_slow_down_then_cut_off()
    {
        await using var server = await RunningServer.StartWithHttpAsync(o =>
        {
            o.Limits.FloodLinesPerSecond = 1;
            o.Limits.FloodBurstLines = 3;
            o.Limits.FloodDroppedLinesBeforeDisconnect = 10;
        });
        await using var flooder = await JsonClient.LogInAsync(server.HttpPort!.Value, "flood");
        try
        {
            for (int i = 0; i < 30; i++) await flooder.SayAsync("/room");
        }
        catch (Exception ex) when (ex is WebSocketException or IOException or InvalidOperationException)
        {
            // Cut off before all 30 were sent (a slow machine reads them late): what it was told still waits to be read.
        }
        var rest = await flooder.ReadUntilClosedAsync();
        var errors = rest.Where(o => S(o, "type") == "error").ToList();
        Assert.Equal("Slow down", S(errors[0], "text")?.Split('!', '.')[0].Trim());
        Assert.True((bool)errors[^1]["fatal"]!);
    }

    [Fact]
    public async Task Resume_after_a_reconnect_replays_exactly_the_missed_lines()
    {
        await using var server = await RunningServer.StartWithHttpAsync();
        await using var bob = await LineClient.LogInAsync(server.Port, "bob");
        await bob.SendLineAsync("/join main");
        await bob.ReadLineAsync();
        var alice = await JsonClient.LogInAsync(server.HttpPort!.Value, "alice");
        await alice.SayAsync("/join main");
        await alice.NextAsync("room");
        await bob.ReadLineAsync(); // alice joined
        await bob.SendLineAsync("seen");
        long lastSeen = (long)(await alice.NextAsync("said"))["seq"]!;

        alice.Abort(); // the network drops
        await alice.DisposeAsync();
        Assert.Matches("alice left the room main$", await bob.ReadLineAsync());
        await bob.SendLineAsync("missed one");
        await bob.SendLineAsync("missed two");

        await using var again = await JsonClient.LogInAsync(server.HttpPort!.Value, "alice");
        await again.SayAsync("/join main");
        await again.NextAsync("room");
        await again.SendAsync(new JsonObject { ["type"] = "resume", ["after"] = lastSeen });
        var replayed = new List<JsonObject>();
        JsonObject next;
        while (S(next = await again.NextAsync(), "type") != "resumed")
            if (S(next, "type") == "said" && (long)next["seq"]! > lastSeen && next["replay"] is not null) replayed.Add(next);
        Assert.True((bool)next["complete"]!);
        Assert.Equal("main", S(next, "room"));
        // the join's history shows them too; the resume answer holds exactly the missed ones, each once
        var resumed = replayed.TakeLast(2).ToList();
        Assert.Equal(["missed one", "missed two"], resumed.Select(o => S(o, "text")));
        Assert.All(resumed, o => Assert.True((bool)o["replay"]!));
    }

    [Fact]
    public async Task WebSocket_and_tcp_senders_in_one_room_are_seen_in_the_same_order_by_everyone()
    {
        await using var server = await RunningServer.StartWithHttpAsync(o => o.Limits.FloodLinesPerSecond = 0);
        int http = server.HttpPort!.Value;
        await using var tcpWatcher = await LineClient.LogInAsync(server.Port, "tw");
        await using var tcpSender = await LineClient.LogInAsync(server.Port, "ts");
        await using var wsWatcher = await JsonClient.LogInAsync(http, "ww");
        await using var wsSender = await JsonClient.LogInAsync(http, "ws");
        foreach (var tcp in new[] { tcpWatcher, tcpSender }) { await tcp.SendLineAsync("/join r"); }
        foreach (var ws in new[] { wsWatcher, wsSender }) { await ws.SayAsync("/join r"); await ws.NextAsync("joined"); }
        await tcpSender.SendLineAsync("/who"); // everyone is in: the answer comes after all four joins
        Assert.Contains("ws", await ReadUntil(tcpSender, l => l.StartsWith("Members of r")));

        const int each = 50;
        var sending = Task.WhenAll(
            Task.Run(async () => { for (int i = 0; i < each; i++) await tcpSender.SendLineAsync($"t{i}"); }),
            Task.Run(async () => { for (int i = 0; i < each; i++) await wsSender.SayAsync($"w{i}"); }));
        var seenByTcp = new List<string>();
        while (seenByTcp.Count < 2 * each)
            if (Regex.Match(await tcpWatcher.ReadLineAsync(), @"^\[\d\d:\d\d:\d\d\] (ts|ws): (.*)$") is { Success: true } m)
                seenByTcp.Add(m.Groups[1].Value + ":" + m.Groups[2].Value);
        var seenByWs = new List<string>();
        while (seenByWs.Count < 2 * each)
            if (await wsWatcher.NextAsync() is var o && S(o, "type") == "said") seenByWs.Add(S(o, "user") + ":" + S(o, "text"));
        await sending;
        Assert.Equal(seenByTcp, seenByWs);
        Assert.Equal(Enumerable.Range(0, each).Select(i => $"ts:t{i}"), seenByTcp.Where(l => l.StartsWith("ts:")));
        Assert.Equal(Enumerable.Range(0, each).Select(i => $"ws:w{i}"), seenByWs.Where(l => l.StartsWith("ws:")));
    }

    [Fact]
    public async Task Metrics_count_what_was_sent_and_health_says_ok()
    {
        await using var server = await RunningServer.StartWithHttpAsync();
        int http = server.HttpPort!.Value;
        await using var tcp = await LineClient.LogInAsync(server.Port, "bob");
        await tcp.SendLineAsync("/join main");
        await tcp.ReadLineAsync();
        await using var ws = await JsonClient.LogInAsync(http, "alice");
        await ws.SayAsync("/join main");
        await ws.NextAsync("room");
        for (int i = 0; i < 3; i++) await ws.SayAsync($"line {i}");
        for (int i = 0; i < 4; i++) await tcp.ReadLineAsync(); // alice joined, 3 lines: all folded and queued

        using var http1 = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{http}") };
        Assert.Equal("ok", (await http1.GetStringAsync("/healthz")).Trim());
        var text = await http1.GetStringAsync("/metrics");
        double Value(string name) => double.Parse(Regex.Match(text, "^" + Regex.Escape(name) + @" (\S+)$", RegexOptions.Multiline).Groups[1].Value,
            System.Globalization.CultureInfo.InvariantCulture);

        // node started 1; bob: connected, login, join 3; alice: connected, login, join, 3 lines 6
        Assert.Equal(10, Value("rxchat_commands_appended_total"));
        Assert.Equal(10, Value("rxchat_commands_folded_total"));
        Assert.Equal(10, Value("rxchat_log_position"));
        Assert.Equal(0, Value("rxchat_fold_lag_commands")); // every command that arrived was taken, once
        Assert.Equal(2, Value("rxchat_users"));
        Assert.Equal(1, Value("rxchat_rooms"));
        Assert.Equal(1, Value("rxchat_connections{kind=\"tcp\"}"));
        Assert.Equal(1, Value("rxchat_connections{kind=\"websocket\"}"));
        // bob: welcome, joined room, alice joined, 3 lines = 6; alice: welcome, joined, room = 3; bob's room view is none (text)
        Assert.Equal(9, Value("rxchat_lines_delivered_total"));
        Assert.Equal(10, Value("rxchat_command_to_lines_queued_seconds_count"));
        Assert.Equal(0, Value("rxchat_slow_readers_cut_off_total"));
        Assert.True(Value("rxchat_bytes_queued") >= 0);
    }

    [Fact]
    public async Task A_websocket_that_stops_reading_is_cut_off_and_the_room_goes_on()
    {
        await using var server = await RunningServer.StartWithHttpAsync(o =>
        {
            o.Limits.MaxQueuedBytes = 256 * 1024;
            o.Limits.FloodLinesPerSecond = 0;
        });
        await using var sender = await LineClient.LogInAsync(server.Port, "sender");
        await using var watcher = await LineClient.LogInAsync(server.Port, "watcher");
        foreach (var tcp in new[] { sender, watcher }) await tcp.SendLineAsync("/join lobby");
        await ReadUntil(watcher, l => l == "You joined room lobby");

        using var slow = new System.Net.WebSockets.ClientWebSocket(); // logs in and joins, then never reads
        await slow.ConnectAsync(new Uri($"ws://127.0.0.1:{server.HttpPort}/ws"), CancellationToken.None);
        foreach (var frame in new[] { """{"type":"login","username":"slow"}""", """{"type":"send","text":"/join lobby"}""" })
            await slow.SendAsync(System.Text.Encoding.UTF8.GetBytes(frame), System.Net.WebSockets.WebSocketMessageType.Text, true, CancellationToken.None);
        await ReadUntil(watcher, l => l.EndsWith("slow joined the room"));

        var padding = new string('x', 3000);
        bool cutOff = false;
        for (int round = 0; round < 10_000 && !cutOff; round++) // up to ~30 MB towards the non-reader
        {
            await sender.SendLineAsync($"r{round} {padding}");
            var line = await ReadUntil(watcher, l => l.Contains($"sender: r{round} ") || l.EndsWith("slow left the room lobby"));
            cutOff = line.EndsWith("slow left the room lobby");
        }
        Assert.True(cutOff, "the non-reader was never cut off");

        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{server.HttpPort}") };
        var deadline = DateTime.UtcNow + LineClient.Patience;
        while (!(await http.GetStringAsync("/metrics")).Contains("rxchat_slow_readers_cut_off_total 1"))
        {
            Assert.True(DateTime.UtcNow < deadline, "rxchat_slow_readers_cut_off_total never reached 1");
            await Task.Delay(50);
        }
        await sender.SendLineAsync("/users");
        Assert.Equal("Users: sender, watcher", await ReadUntil(sender, l => l.StartsWith("Users:")));
    }

    private static async Task<string> ReadUntil(LineClient client, Func<string, bool> wanted)
    {
        while (true) if (await client.ReadLineAsync() is var line && wanted(line)) return line;
    }
}
