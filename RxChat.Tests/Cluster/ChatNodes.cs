using RxChat.Tests.Support;

namespace RxChat.Tests.Cluster;

/// <summary>
/// RxChat nodes started as real processes on one shared NATS log, and the users on them;
/// everything started is stopped (by process id) when disposed.
/// </summary>
public sealed class ChatNodes(string natsUrls) : IAsyncDisposable
{
    private readonly List<IAsyncDisposable> _started = [];
    private readonly string _dataDir = Directory.CreateTempSubdirectory("rxchat-nodes-").FullName; // unused with --nats, but never the working directory's

    /// <summary>Starts node <paramref name="node"/> on free loopback ports, flood control off, no history on joining.</summary>
    public async Task<ServerProcess> StartAsync(string node, params string[] settings)
    {
        var server = await ServerProcess.StartAsync(_dataDir, ["--nats", natsUrls, "--node", node, "--http-port", "-1",
            "--RxChat:Limits:FloodLinesPerSecond", "0", "--RxChat:History:OnJoin", "0", .. settings]);
        _started.Add(server);
        return server;
    }

    /// <summary>A user logged in on <paramref name="node"/>, in room main.</summary>
    public async Task<ChatMember> MemberAsync(ServerProcess node, string name)
    {
        var member = await ChatMember.JoinAsync(node.Port, name);
        _started.Add(member);
        return member;
    }

    /// <summary><paramref name="sender"/> says <c>{name}-{i}</c> for each i from <paramref name="from"/> up to (not including) <paramref name="to"/>.</summary>
    public static async Task SayAsync(ChatMember sender, int from, int to)
    {
        for (int i = from; i < to; i++) await sender.SayAsync($"{sender.Name}-{i}");
    }

    /// <summary>The end of each node's log, for a failure's message.</summary>
    public string Logs() => string.Join("\n", _started.OfType<ServerProcess>().Select((node, i) =>
        $"--- node {i + 1} (pid {node.Id}):\n{string.Join("\n", node.Log.TakeLast(25))}"));

    public async ValueTask DisposeAsync()
    {
        foreach (var item in Enumerable.Reverse(_started)) await item.DisposeAsync();
        try { Directory.Delete(_dataDir, recursive: true); } catch (IOException) { }
    }
}
