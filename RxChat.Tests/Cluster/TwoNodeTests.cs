using System.Net;
using RxChat.Protocol;
using RxChat.Tests.Support;

namespace RxChat.Tests.Cluster;

/// <summary>
/// Two real RxChat processes sharing one log in a real <c>nats-server</c>, users on both:
/// they chat as if on one server; a node killed with <c>kill -9</c> and started again; the
/// NATS server itself killed and started again mid-chat.
/// </summary>
public sealed class TwoNodeTests : IAsyncLifetime
{
    private const int LinesPerSender = 40;
    private NatsServer _nats = null!;
    private ChatNodes _nodes = null!;

    public async Task InitializeAsync()
    {
        _nats = await NatsServer.StartAsync();
        _nodes = new ChatNodes(_nats.Url);
    }

    public async Task DisposeAsync()
    {
        await _nodes.DisposeAsync();
        await _nats.DisposeAsync();
    }

    [Fact]
    public async Task Senders_on_both_nodes_are_seen_by_everyone_in_one_interleaving_each_in_order_nothing_lost_or_twice()
    {
        var n1 = await _nodes.StartAsync("n1", "--http-port", "0"); // its /healthz is watched too
        var n2 = await _nodes.StartAsync("n2");
        using var http = new HttpClient { BaseAddress = new Uri(WebAddressOf(n1)), Timeout = LineClient.Patience };
        var watcher1 = await _nodes.MemberAsync(n1, "watcher1");
        var watcher2 = await _nodes.MemberAsync(n2, "watcher2");
        ChatMember[] senders = [await _nodes.MemberAsync(n1, "s1"), await _nodes.MemberAsync(n1, "s2"), await _nodes.MemberAsync(n2, "s3"), await _nodes.MemberAsync(n2, "s4")];

        await Task.WhenAll(senders.Select(s => Task.Run(() => ChatNodes.SayAsync(s, 0, LinesPerSender))));
        int all = senders.Length * LinesPerSender;
        foreach (var w in new[] { watcher1, watcher2 }) await w.UntilAsync(m => m.ChatLines.Count == all, $"{all} chat lines");

        Assert.Equal(watcher1.ChatLines, watcher2.ChatLines); // same lines, same times, same interleaving
        foreach (var s in senders)
        {
            Assert.Equal(Enumerable.Range(0, LinesPerSender).Select(i => $"{s.Name}-{i}"), watcher1.TextsOf(s.Name));
            await s.UntilAsync(m => m.ChatLines.Count == all - LinesPerSender, "everyone else's lines");
            Assert.Equal(watcher1.ChatLines.Where(l => !l.Contains($"] {s.Name}: ")), s.ChatLines);
        }
    }

    [Fact]
    public async Task A_node_killed_its_users_leave_for_the_others_within_the_timeout_and_log_in_again_once_it_is_back()
    {
        string[] quickLoss = ["--RxChat:Cluster:HeartbeatEverySeconds", "0.5", "--RxChat:Cluster:NodeTimeoutSeconds", "2"];
        var n1 = await _nodes.StartAsync("n1", quickLoss);
        var n2 = await _nodes.StartAsync("n2", quickLoss);
        var alice = await _nodes.MemberAsync(n1, "alice");
        var carol = await _nodes.MemberAsync(n1, "carol");
        await _nodes.MemberAsync(n2, "bob");
        await alice.UntilAsync(m => m.Lines.Any(l => l.EndsWith("] bob joined the room")), "bob join");

        await n2.KillAsync();
        foreach (var m in new[] { alice, carol }) // the node's silence, past the timeout, in log time
            await m.UntilAsync(m => m.Lines.Any(l => l.EndsWith("] bob left the room main")), "bob leave after n2 was killed");
        await alice.SayAsync("still here");
        await carol.UntilAsync(m => m.TextsOf("alice").Contains("still here"), "alice's line after the kill");

        var n2Again = await _nodes.StartAsync("n2", quickLoss);
        var bobAgain = await _nodes.MemberAsync(n2Again, "bob"); // the name is free again
        await alice.UntilAsync(m => m.Lines.Count(l => l.EndsWith("] bob joined the room")) == 2, "bob join again");
        await bobAgain.SayAsync("back");
        await carol.UntilAsync(m => m.TextsOf("bob").Contains("back"), "bob's line from the restarted node");
        Assert.Equal(1, alice.Lines.Count(l => l.EndsWith("] bob left the room main"))); // told once, not again on the restart
    }

    [Fact]
    public async Task NATS_killed_and_started_again_mid_chat_users_are_told_and_nothing_acknowledged_is_lost_twice_or_reordered()
    {
        var n1 = await _nodes.StartAsync("n1", "--http-port", "0"); // its /healthz is watched too
        var n2 = await _nodes.StartAsync("n2");
        using var http = new HttpClient { BaseAddress = new Uri(WebAddressOf(n1)), Timeout = LineClient.Patience };
        var watcher1 = await _nodes.MemberAsync(n1, "watcher1");
        var watcher2 = await _nodes.MemberAsync(n2, "watcher2");
        var s1 = await _nodes.MemberAsync(n1, "s1");
        var s2 = await _nodes.MemberAsync(n2, "s2");
        ChatMember[] everyone = [watcher1, watcher2, s1, s2];
        string unreachable = ServerLines.LogUnreachable.Render(), back = ServerLines.LogBack.Render();
        string notStored = ServerLines.NotStored.Render();

        await ChatNodes.SayAsync(s1, 0, 20);
        await ChatNodes.SayAsync(s2, 0, 20);
        foreach (var w in new[] { watcher1, watcher2 }) await w.UntilAsync(m => m.ChatLines.Count == 40, "the lines before the outage");

        Assert.Equal((HttpStatusCode.OK, "ok\n"), await HealthAsync(http));
        await _nats.KillAsync();
        foreach (var m in everyone) await m.UntilAsync(m => m.Count(unreachable) == 1, "that the log is unreachable");
        Assert.Equal((HttpStatusCode.ServiceUnavailable, "log unreachable\n"), await HealthAsync(http)); // told users first, then reports it
        Assert.Contains("rxchat_log_available 0", await http.GetStringAsync("/metrics"));
        await ChatNodes.SayAsync(s1, 20, 30);
        await ChatNodes.SayAsync(s2, 20, 30);
        foreach (var s in new[] { s1, s2 }) await s.UntilAsync(m => m.Count(notStored) == 10, "each line refused during the outage");

        await _nats.StartAgainAsync();
        foreach (var m in everyone) await m.UntilAsync(m => m.Count(back) == 1, "that the log is back");
        Assert.Equal((HttpStatusCode.OK, "ok\n"), await HealthAsync(http));
        await ChatNodes.SayAsync(s1, 30, 40);
        await ChatNodes.SayAsync(s2, 30, 40);
        foreach (var w in new[] { watcher1, watcher2 }) await w.UntilAsync(m => m.ChatLines.Count == 60, "the lines after the outage");

        var delivered = Enumerable.Range(0, 20).Concat(Enumerable.Range(30, 10)).ToList();
        foreach (var s in new[] { "s1", "s2" })
            Assert.Equal(delivered.Select(i => $"{s}-{i}"), watcher1.TextsOf(s));
        Assert.Equal(watcher1.ChatLines, watcher2.ChatLines);
        foreach (var m in everyone) Assert.Equal(1, m.Count(unreachable)); // told once, not per refused line
    }

    private static async Task<(HttpStatusCode, string)> HealthAsync(HttpClient http)
    {
        using var response = await http.GetAsync("/healthz");
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>Where a node's web side listens, from its start-up line ("Web client on http://…/").</summary>
    private static string WebAddressOf(ServerProcess node)
    {
        const string Said = "Web client on ";
        var line = node.Log.First(l => l.Contains(Said));
        return line[(line.IndexOf(Said) + Said.Length)..].Trim();
    }
}
