using System.Reactive.Concurrency;
using RxChat.Server.Core;
using RxChat.Server.Log;
using RxChat.Server.Log.Nats;
using RxChat.Tests.Server.Log;
using RxChat.Tests.Support;

namespace RxChat.Tests.EndToEnd;

/// <summary>
/// A node of older rules refuses a log written under newer ones, as a real process, with
/// either engine: a real SQLite file, and a real <c>nats-server</c> started here. One line
/// naming both versions, exit code 2, and nothing of the log folded or written by it.
/// </summary>
public sealed class RulesVersionRefusalTests
{
    private static readonly int Newer = RulesVersion.Current + 1;

    private static string Refusal(string node, long position) =>
        $"the log was written under rules version {Newer}; this RxChat folds rules version {RulesVersion.Current} " +
        $"(node {node} started with them at log position {position}): upgrade this node to a release that folds version {Newer}";

    private static Stamped NewerStart(string node) => new(ConnectionId.NodeItself(node), DateTimeOffset.UtcNow, new NodeStarted(Newer));

    [Fact]
    public async Task A_data_directory_written_under_newer_rules_is_refused_in_one_line_and_left_as_it_was()
    {
        using var dir = new TempDataDir();
        using (var log = SqliteCommandLog.Open(dir.Path)) log.Append([NewerStart("local"), new Stamped(new ConnectionId("local", 1), DateTimeOffset.UtcNow, Connected.Instance)]);

        await using var server = ServerProcess.Launch(["--host", "127.0.0.1", "--port", "0", "--http-port", "-1", "--data-dir", dir.Path]);

        Assert.Equal(2, await server.ExitCodeAsync());
        Assert.Equal($"rxchat: cannot start: {Refusal("local", 1)}",
            Assert.Single(server.Log, line => line.StartsWith("rxchat:", StringComparison.Ordinal)));
        Assert.DoesNotContain(server.Log, line => line.Contains("Server started", StringComparison.Ordinal));
        Assert.DoesNotContain(server.Log, line => line.TrimStart().StartsWith("at ", StringComparison.Ordinal)); // no stack trace
        using var after = SqliteCommandLog.Open(dir.Path);
        var kept = new List<LogEntry>();
        using (after.Entries(0).Subscribe(kept.AddRange)) { } // the stored entries are replayed during Subscribe
        Assert.Equal(2, kept.Count); // its own start was never appended
    }

    [Fact]
    public async Task A_NATS_log_where_a_node_of_newer_rules_started_is_refused_at_start()
    {
        await using var nats = await NatsServer.StartAsync();
        await AppendAsync(nats, NewerStart("n2"));

        await using var node = ServerProcess.Launch(["--host", "127.0.0.1", "--port", "0", "--http-port", "-1", "--nats", nats.Url, "--node", "n1"]);

        Assert.Equal(2, await node.ExitCodeAsync());
        Assert.Equal($"rxchat: cannot start: {Refusal("n2", 1)}",
            Assert.Single(node.Log, line => line.StartsWith("rxchat:", StringComparison.Ordinal)));
        Assert.DoesNotContain(node.Log, line => line.Contains("Server started", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_running_node_stops_when_a_node_of_newer_rules_starts_on_its_log()
    {
        await using var nats = await NatsServer.StartAsync();
        using var dataDir = new TempDataDir(); // unused with --nats, but never the working directory's
        await using var node = await ServerProcess.StartAsync(dataDir.Path, "--nats", nats.Url, "--node", "n1", "--http-port", "-1");
        await using var bob = await LineClient.LogInAsync(node.Port, "bob"); // n1 folds the live log

        await AppendAsync(nats, NewerStart("n2"));

        Assert.Equal(2, await node.ExitCodeAsync());
        await bob.ReadUntilClosedAsync(); // hung up as the node stopped
        var said = Assert.Single(node.Log, line => line.StartsWith("rxchat:", StringComparison.Ordinal));
        Assert.StartsWith($"rxchat: stopped: the log was written under rules version {Newer}; this RxChat folds rules version {RulesVersion.Current} (node n2 started with them at log position ", said);
    }

    /// <summary>Appends <paramref name="entry"/> as its node would: through the cluster's log, acknowledged by JetStream.</summary>
    private static async Task AppendAsync(NatsServer nats, Stamped entry)
    {
        using var foldOn = new EventLoopScheduler();
        using var log = await NatsCommandLog.OpenAsync(new NatsLogOptions([nats.Url], entry.From.Node), foldOn);
        log.Append([entry]);
    }
}
