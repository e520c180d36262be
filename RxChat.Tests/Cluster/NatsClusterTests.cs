using NATS.Client.Core;
using NATS.Client.JetStream;
using RxChat.Protocol;
using RxChat.Tests.Support;

namespace RxChat.Tests.Cluster;

/// <summary>
/// Two RxChat nodes over a three-node NATS cluster holding the log as an R3 stream: the
/// NATS server that leads the stream is killed with <c>kill -9</c> while users chat. The
/// chat pauses while a new leader is elected, and no line is lost, refused, doubled or reordered.
/// </summary>
public sealed class NatsClusterTests : IAsyncLifetime
{
    private const int Lines = 20;
    private NatsServer[] _cluster = [];
    private readonly List<IAsyncDisposable> _cleanup = [];
    private readonly string _dataDir = Directory.CreateTempSubdirectory("rxchat-r3-").FullName;

    public async Task InitializeAsync() => _cluster = await NatsServer.ClusterAsync();

    public async Task DisposeAsync()
    {
        foreach (var item in Enumerable.Reverse(_cleanup)) await item.DisposeAsync();
        foreach (var server in _cluster) await server.DisposeAsync();
        Directory.Delete(_dataDir, recursive: true);
    }

    [Fact]
    public async Task Killing_the_NATS_server_that_leads_the_stream_pauses_the_chat_and_loses_nothing()
    {
        string urls = string.Join(",", _cluster.Select(s => s.Url));
        var n1 = await NodeAsync("n1", urls);
        var n2 = await NodeAsync("n2", urls);
        var watcher1 = await MemberAsync(n1, "watcher1");
        var watcher2 = await MemberAsync(n2, "watcher2");
        var s1 = await MemberAsync(n1, "s1");
        var s2 = await MemberAsync(n2, "s2");

        await SayAsync(s1, 0, Lines);
        await SayAsync(s2, 0, Lines);
        await watcher1.UntilAsync(m => m.ChatLines.Count == 2 * Lines, "the lines before the kill");

        var leader = await StreamLeaderAsync(urls);
        await _cluster.Single(s => s.Name == leader).KillAsync();
        await SayAsync(s1, Lines, 2 * Lines); // while a new leader is elected
        await SayAsync(s2, Lines, 2 * Lines);

        foreach (var w in new[] { watcher1, watcher2 }) await w.UntilAsync(m => m.ChatLines.Count == 4 * Lines, "every line");
        foreach (var s in new[] { "s1", "s2" })
            Assert.Equal(Enumerable.Range(0, 2 * Lines).Select(i => $"{s}-{i}"), watcher1.TextsOf(s));
        Assert.Equal(watcher1.ChatLines, watcher2.ChatLines);
        foreach (var m in new[] { watcher1, watcher2, s1, s2 })
        {
            Assert.Equal(0, m.Count(ServerLines.NotStored.Render()));
            Assert.Equal(0, m.Count(ServerLines.LogUnreachable.Render()));
        }
    }

    private static async Task<string> StreamLeaderAsync(string urls)
    {
        await using var nats = new NatsConnection(new NatsOpts { Url = urls });
        var stream = await new NatsJSContext(nats).GetStreamAsync("RXCHAT");
        return stream.Info.Cluster!.Leader!;
    }

    private static async Task SayAsync(ChatMember sender, int from, int to)
    {
        for (int i = from; i < to; i++) await sender.SayAsync($"{sender.Name}-{i}");
    }

    private async Task<ServerProcess> NodeAsync(string node, string urls)
    {
        var server = await ServerProcess.StartAsync(_dataDir, "--nats", urls, "--node", node, "--http-port", "-1",
            "--RxChat:Nats:Replicas", "3", "--RxChat:Limits:FloodLinesPerSecond", "0", "--RxChat:History:OnJoin", "0");
        _cleanup.Add(server);
        return server;
    }

    private async Task<ChatMember> MemberAsync(ServerProcess node, string name)
    {
        var member = await ChatMember.JoinAsync(node.Port, name);
        _cleanup.Add(member);
        return member;
    }
}
