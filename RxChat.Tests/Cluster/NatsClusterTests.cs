using NATS.Client.Core;
using NATS.Client.JetStream;
using RxChat.Protocol;
using RxChat.Tests.Support;

namespace RxChat.Tests.Cluster;

/// <summary>
/// Two RxChat nodes over a three-node NATS cluster holding the log as an R3 stream: the
/// NATS servers are killed with <c>kill -9</c> while users chat: a follower (started again), then the stream's leader. The
/// chat pauses while a new leader is elected, and no line is lost, refused, doubled or reordered.
/// </summary>
public sealed class NatsClusterTests : IAsyncLifetime
{
    private const int Lines = 20;
    private NatsServer[] _cluster = [];
    private ChatNodes _nodes = null!;
    private string _urls = "";

    public async Task InitializeAsync()
    {
        _cluster = await NatsServer.ClusterAsync();
        _urls = string.Join(",", _cluster.Select(s => s.Url));
        _nodes = new ChatNodes(_urls);
    }

    public async Task DisposeAsync()
    {
        await _nodes.DisposeAsync();
        foreach (var server in _cluster) await server.DisposeAsync();
    }

    [Fact]
    public async Task Killing_a_follower_then_the_NATS_server_that_leads_the_stream_pauses_the_chat_and_loses_nothing()
    {
        string[] r3 = ["--RxChat:Nats:Replicas", "3"];
        var n1 = await _nodes.StartAsync("n1", r3);
        var n2 = await _nodes.StartAsync("n2", r3);
        var watcher1 = await _nodes.MemberAsync(n1, "watcher1");
        var watcher2 = await _nodes.MemberAsync(n2, "watcher2");
        var s1 = await _nodes.MemberAsync(n1, "s1");
        var s2 = await _nodes.MemberAsync(n2, "s2");

        await ChatNodes.SayAsync(s1, 0, Lines);
        await ChatNodes.SayAsync(s2, 0, Lines);
        await watcher1.UntilAsync(m => m.ChatLines.Count == 2 * Lines, "the lines before the kills");
        var leaderBefore = await StreamLeaderAsync(_urls);

        var follower = _cluster.First(s => s.Name != leaderBefore);
        await follower.KillAsync();
        await ChatNodes.SayAsync(s1, Lines, 2 * Lines);
        await ChatNodes.SayAsync(s2, Lines, 2 * Lines);
        await watcher1.UntilAsync(m => m.ChatLines.Count == 4 * Lines, "the lines while a follower is down");
        await follower.StartAgainAsync();
        await UntilHealedAsync(); // one failure at a time: the cluster has healed before the leader is killed

        var leader = await StreamLeaderAsync(_urls);
        await _cluster.Single(s => s.Name == leader).KillAsync();
        await ChatNodes.SayAsync(s1, 2 * Lines, 3 * Lines); // while a new leader is elected
        await ChatNodes.SayAsync(s2, 2 * Lines, 3 * Lines);

        try
        {
            foreach (var w in new[] { watcher1, watcher2 }) await w.UntilAsync(m => m.ChatLines.Count == 6 * Lines, "every line");
        }
        catch (Xunit.Sdk.XunitException e)
        {
            throw new Xunit.Sdk.XunitException($"{e.Message}\ns1 saw: {string.Join(" | ", s1.Lines.TakeLast(5))}\n{_nodes.Logs()}");
        }
        foreach (var s in new[] { "s1", "s2" })
            Assert.Equal(Enumerable.Range(0, 3 * Lines).Select(i => $"{s}-{i}"), watcher1.TextsOf(s));
        Assert.Equal(watcher1.ChatLines, watcher2.ChatLines);
        foreach (var m in new[] { watcher1, watcher2, s1, s2 })
        {
            Assert.Equal(0, m.Count(ServerLines.NotStored.Render()));
            Assert.Equal(0, m.Count(ServerLines.LogUnreachable.Render()));
        }
    }

    /// <summary>Waits until the stream has a leader and two followers that are current again.</summary>
    private async Task UntilHealedAsync()
    {
        await using var nats = new NatsConnection(new NatsOpts { Url = _urls });
        var js = new NatsJSContext(nats);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (true)
        {
            try
            {
                var cluster = (await js.GetStreamAsync("RXCHAT", cancellationToken: timeout.Token)).Info.Cluster;
                if (cluster?.Leader is not null && cluster.Replicas is { Count: 2 } followers && followers.All(f => f.Current && !f.Offline)) return;
            }
            catch (NatsException) when (!timeout.IsCancellationRequested) { } // no leader to answer yet
            await Task.Delay(100, timeout.Token); // polls the cluster's state; the bound decides failure
        }
    }

    private static async Task<string> StreamLeaderAsync(string urls)
    {
        await using var nats = new NatsConnection(new NatsOpts { Url = urls });
        var stream = await new NatsJSContext(nats).GetStreamAsync("RXCHAT");
        return stream.Info.Cluster!.Leader!;
    }
}
