using System.Reactive.Concurrency;
using System.Reactive.Linq;
using System.Reactive.Subjects;
using System.Text;
using NATS.Client.Core;
using NATS.Client.JetStream;
using RxChat.Protocol;
using RxChat.Server.Core;
using RxChat.Server.Log;
using RxChat.Server.Log.Nats;
using RxChat.Server.Pipeline;
using RxChat.Server.Transport;
using RxChat.Tests.Support;

namespace RxChat.Tests.Server.Log.Nats;

/// <summary>
/// The shared log's trust boundary, on a real <c>nats-server</c> running the docs' own
/// configuration (deploy/nats-server.conf): nodes log in as themselves and publish only on
/// their own subjects, and whatever someone else manages to publish, the chat skips it alike
/// on every node, keeps running, and tells nobody anything forged.
/// </summary>
public sealed class NatsTrustTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);
    private const string Intruder = "intruder";
    private readonly List<IDisposable> _cleanup = [];
    private NatsServer _nats = null!;

    public async Task InitializeAsync() => _nats = await NatsServer.StartShippedAsync((Intruder, "rxchat.log.intruder"));

    public async Task DisposeAsync()
    {
        foreach (var item in Enumerable.Reverse(_cleanup)) item.Dispose();
        await _nats.DisposeAsync();
    }

    [Fact]
    public async Task Nodes_log_in_as_themselves_a_client_without_credentials_cannot_and_a_node_publishes_on_its_own_subject_only()
    {
        var foldOn = Track(new EventLoopScheduler());
        var n1 = Track(await NatsCommandLog.OpenAsync(Options("n1"), foldOn));
        var entries = new List<LogEntry>();
        using (n1.Entries(0).Subscribe(batch => { lock (entries) entries.AddRange(batch); }))
        {
            foldOn.Schedule(() => n1.Append([new Stamped(new ConnectionId("n1", 1), DateTimeOffset.UtcNow, new Say("hello"))]));
            await UntilAsync(() => { lock (entries) return entries.Count == 1; }, "n1's run read back");
        }

        await using (var anonymous = new NatsConnection(new NatsOpts { Url = _nats.Url }))
            await Assert.ThrowsAnyAsync<NatsException>(async () => await anonymous.ConnectAsync());

        // n1's user may not publish on n2's subject: the server drops it, so it never reaches the stream.
        await using var asN1 = new NatsConnection(new NatsOpts { Url = _nats.Url, AuthOpts = new NatsAuthOpts { Username = "n1", Password = _nats.Passwords["n1"] } });
        var js = new NatsJSContext(asN1);
        ulong before = (await js.GetStreamAsync("RXCHAT")).Info.State.LastSeq;
        await asN1.PublishAsync("rxchat.log.n2", Encoding.UTF8.GetBytes("n1 pretending to be n2"));
        var ack = await js.PublishAsync("rxchat.log.n1", Array.Empty<byte>());
        Assert.Equal(before + 1, ack.Seq); // the one on n1's own subject, and nothing before it

        var wrong = await Assert.ThrowsAsync<LogUnusableException>(() =>
            NatsCommandLog.OpenAsync(Options("n2", password: "not-n2s-password") with { StartTimeout = TimeSpan.FromSeconds(3) }, foldOn));
        Assert.DoesNotContain("not-n2s-password", wrong.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_password_in_a_NATS_url_is_never_shown()
    {
        var password = _nats.Passwords["n1"];
        var options = new NatsLogOptions([$"nats://n1:{password}@127.0.0.1:{_nats.Port}"], "n1");
        var log = Track(await NatsCommandLog.OpenAsync(options, Track(new EventLoopScheduler())));
        Assert.DoesNotContain(password, log.Where, StringComparison.Ordinal);
        Assert.Contains($"nats://***@127.0.0.1:{_nats.Port}", log.Where, StringComparison.Ordinal);

        var refused = await Assert.ThrowsAsync<LogUnusableException>(() => NatsCommandLog.OpenAsync(
            options with { Urls = [$"nats://n1:s3cret-pw@127.0.0.1:{_nats.Port}"], StartTimeout = TimeSpan.FromSeconds(3) }, Track(new EventLoopScheduler())));
        Assert.DoesNotContain("s3cret-pw", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task What_a_hostile_writer_publishes_is_skipped_alike_by_every_node_and_nobody_hears_of_it()
    {
        var captured = new CapturedLog();
        var (n1, connect1) = await NodeAsync("n1", captured);
        var captured2 = new CapturedLog();
        var (n2, connect2) = await NodeAsync("n2", captured2);
        var alice = new FakeConnection(1, "n1");
        var bob = new FakeConnection(1, "n2");
        connect1(alice);
        connect2(bob);
        alice.Type("alice", "/join main", "/register correct-horse");
        bob.Type("bob", "/join main");
        await UntilAsync(() => n2.State.Accounts.Find("alice") is not null && n2.State.Users.Count() == 2, "alice registered, bob in");
        long version = n2.State.Accounts.Find("alice")!.Version;

        var forged = new List<byte[]>
        {
            Encoding.UTF8.GetBytes("hello, not a run!"), // 17 bytes of garbage
            Run(new ConnectionId("n1", 1), new Say("a copy of alice's line, re-published")), // a real node's run under the intruder's subject
            Run(new ConnectionId(Intruder, 7), Connected.Instance),
            Run(new ConnectionId(Intruder, 7), new Login("alice", version), new Join("main"), new Say("this is alice, no password needed \u001b[31mRED")),
            Run(ConnectionId.NodeItself(Intruder), new RemoveAccount("alice")),
            Run(ConnectionId.NodeItself("n1"), NodeStopping.Instance), // a node-stop naming n1
            Run(ConnectionId.NodeItself(Intruder), NodeStopping.Instance),
        };
        await using (var intruder = Connect(Intruder))
        {
            foreach (var message in forged) await intruder.PublishAsync("rxchat.log.intruder", message);
            await intruder.PingAsync(); // the server has them all
        }
        await UntilAsync(() => captured.Count("skipped (UnknownNode)") == forged.Count && captured2.Count("skipped (UnknownNode)") == forged.Count,
            "every forged message skipped, each once, on both nodes");

        alice.Type("still here");
        bob.Type("me too");
        await UntilAsync(() => bob.Received.Any(l => l.EndsWith("alice: still here", StringComparison.Ordinal))
                               && alice.Received.Any(l => l.EndsWith("bob: me too", StringComparison.Ordinal)), "both nodes still chatting");

        foreach (var line in alice.Received.Concat(bob.Received))
        {
            Assert.DoesNotContain("re-published", line, StringComparison.Ordinal);
            Assert.DoesNotContain("no password needed", line, StringComparison.Ordinal);
            Assert.DoesNotContain(ServerLines.ShuttingDown.Render(), line, StringComparison.Ordinal);
        }
        Assert.False(alice.HungUp);
        Assert.NotNull(n1.State.Accounts.Find("alice"));
        var (at1, at2) = await SamePositionAsync(n1, n2);
        Assert.Equal(at1.Fingerprint(), at2.Fingerprint());

        // A node that folds the same log from the start (as one restarting with no snapshot) comes to the same state.
        var (n3, _) = await NodeAsync("n3", new CapturedLog());
        var (again1, again3) = await SamePositionAsync(n1, n3);
        Assert.Equal(again1.Fingerprint(), again3.Fingerprint());
    }

    [Fact]
    public async Task Without_the_list_of_nodes_forged_entries_are_still_skipped_for_what_they_are()
    {
        var captured = new CapturedLog();
        var (n1, connect1) = await NodeAsync("n1", captured, nodes: []);
        var alice = new FakeConnection(1, "n1");
        connect1(alice);
        alice.Type("alice", "/join main");
        await UntilAsync(() => n1.State.Users.Count() == 1, "alice in");

        await using (var intruder = Connect(Intruder))
        {
            await intruder.PublishAsync("rxchat.log.intruder", Encoding.UTF8.GetBytes("hello, not a run!"));
            await intruder.PublishAsync("rxchat.log.intruder", Run(new ConnectionId("n1", 1), new Say("copied")));
            await intruder.PublishAsync("rxchat.log.intruder", Run(ConnectionId.NodeItself("n1"), NodeStopping.Instance));
            await intruder.PublishAsync("rxchat.log.intruder", Run(new ConnectionId(Intruder, 1), NodeStopping.Instance)); // a node-stop from a connection
            await intruder.PingAsync();
        }
        await UntilAsync(() => captured.Count("skipped (NotItsNode)") == 1, "the forged messages read");
        alice.Type("after");
        await UntilAsync(() => captured.Count("alice: after") == 1, "alice still chatting");
        Assert.Equal(1, captured.Count("skipped (Unreadable)"));
        Assert.Equal(2, captured.Count("skipped (WrongSubject)"));
        Assert.DoesNotContain(alice.Received, l => l.Contains("copied", StringComparison.Ordinal) || l.Contains(ServerLines.ShuttingDown.Render(), StringComparison.Ordinal));
    }

    [Fact]
    public async Task Ids_published_first_by_another_writer_do_not_make_a_nodes_runs_vanish()
    {
        var foldOn = Track(new EventLoopScheduler());
        var n1 = Track(await NatsCommandLog.OpenAsync(Options("n1"), foldOn));
        var says = new List<string>();
        using var reading = n1.Entries(0).Subscribe(batch => { lock (says) says.AddRange(batch.Select(e => e.Command).OfType<Say>().Select(s => s.Text)); });
        Append(foldOn, n1, "run 1");
        await UntilAsync(() => { lock (says) return says.Count == 1; }, "run 1");

        // The intruder has seen run 1's id and publishes what the next ones would be, were they counted.
        string seen = await LastMessageIdAsync();
        var parts = seen.Split('.');
        await using (var intruder = Connect(Intruder))
        {
            for (int run = 2; run <= 12; run++)
                foreach (var id in new[] { $"{parts[0]}.{parts[1]}.{run}", $"{parts[0]}.{parts[1]}.{run}.{parts[^1]}" })
                    await intruder.PublishAsync("rxchat.log.intruder", Array.Empty<byte>(), headers: new NatsHeaders { ["Nats-Msg-Id"] = id });
            await intruder.PingAsync();
        }
        using (var stored = new CancellationTokenSource(Patience))
            while (await StreamMessagesAsync() < 23) await Task.Delay(20, stored.Token); // run 1 and the 22 ids

        for (int run = 2; run <= 12; run++) Append(foldOn, n1, $"run {run}");
        await UntilAsync(() => { lock (says) return says.Count == 12; }, "every run stored and read");
        Assert.Equal(Enumerable.Range(1, 12).Select(i => $"run {i}"), says);
    }

    private static void Append(IScheduler foldOn, NatsCommandLog log, string text) =>
        foldOn.Schedule(() => log.Append([new Stamped(new ConnectionId("n1", 1), DateTimeOffset.UtcNow, new Say(text))]));

    private async Task<long> StreamMessagesAsync()
    {
        await using var asN3 = Connect("n3");
        return (await new NatsJSContext(asN3).GetStreamAsync("RXCHAT")).Info.State.Messages;
    }

    private async Task<string> LastMessageIdAsync()
    {
        await using var asN3 = Connect("n3");
        var stream = await new NatsJSContext(asN3).GetStreamAsync("RXCHAT");
        var last = await stream.GetAsync(new NATS.Client.JetStream.Models.StreamMsgGetRequest { Seq = stream.Info.State.LastSeq });
        var headers = Encoding.UTF8.GetString(Convert.FromBase64String(last.Message.Hdrs!));
        return headers.Split("\r\n").Single(h => h.StartsWith("Nats-Msg-Id:", StringComparison.Ordinal))["Nats-Msg-Id:".Length..].Trim();
    }

    private NatsLogOptions Options(string node, string? password = null, IReadOnlyList<string>? nodes = null) =>
        new NatsLogOptions([_nats.Url], node)
        {
            Credentials = NatsCredentials.UserAndPassword(node, password ?? _nats.Passwords[node]),
            Nodes = nodes ?? ["n1", "n2", "n3"],
        };

    private NatsConnection Connect(string user) =>
        new(new NatsOpts { Url = _nats.Url, AuthOpts = new NatsAuthOpts { Username = user, Password = _nats.Passwords[user] } });

    private static byte[] Run(ConnectionId from, params Command[] commands) =>
        NatsRunCodec.Encode([.. commands.Select(c => new Stamped(from, DateTimeOffset.UtcNow, c))]).Single();

    private async Task<(ChatPipeline, Action<IChatConnection>)> NodeAsync(string node, CapturedLog logger, IReadOnlyList<string>? nodes = null)
    {
        var foldOn = Track(new EventLoopScheduler());
        var log = Track(await NatsCommandLog.OpenAsync(Options(node, nodes: nodes), foldOn, logger));
        var options = new ChatOptions { Node = node, TimeZone = TimeZoneInfo.Utc, Flood = FloodLimits.Off };
        var pipeline = TestPipeline.Create(log, Scheduler.Default, foldOn, options, logger);
        var connections = new Subject<IChatConnection>();
        Track(pipeline.Run(connections));
        return (pipeline, connections.OnNext);
    }

    private static async Task<(ChatState, ChatState)> SamePositionAsync(ChatPipeline one, ChatPipeline other)
    {
        (ChatState, ChatState) pair = default;
        await UntilAsync(() =>
        {
            pair = (one.State, other.State);
            return pair.Item1.Position == pair.Item2.Position;
        }, "the same position");
        return pair;
    }

    private static async Task UntilAsync(Func<bool> condition, string what)
    {
        using var timeout = new CancellationTokenSource(Patience);
        while (!condition())
        {
            if (timeout.IsCancellationRequested) throw new Xunit.Sdk.XunitException($"not in time: {what}");
            await Task.Delay(20); // polls a condition; the bound is what decides failure
        }
    }

    private T Track<T>(T disposable) where T : IDisposable
    {
        _cleanup.Add(disposable);
        return disposable;
    }
}
