using System.Reactive.Subjects;
using System.Text.Json;
using RxChat.Server.Delivery;
using RxChat.Server.Log;
using RxChat.Server.Pipeline;
using RxChat.Server.Protocol;
using RxChat.Server.Transport;
using RxChat.Tests.Support;
using RxChat.Tests.Testing;

namespace RxChat.Tests.Server.Delivery;

/// <summary>
/// PROTOCOL.md Part 4's <c>room</c> object is a view of the room as it is now, so one not yet
/// sent is replaced by a newer one: a member that reads late is sent the latest member list,
/// once, at its own place in the order, never a stale one after a newer change; the joins,
/// leaves and chat lines around it are all sent. And what it has queued counts only what it
/// will be sent, so a member behind a room filling up is not cut off for lists it will never get.
/// </summary>
public sealed class RoomViewTests : IDisposable
{
    private readonly SqliteCommandLog _log = SqliteCommandLog.Open(":memory:");
    private readonly Subject<IChatConnection> _connections = new();
    private readonly IDisposable _running;

    public RoomViewTests()
    {
        var clock = new ChatTestScheduler(new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero));
        var options = new ChatOptions { TimeZone = TimeZoneInfo.Utc, Flood = FloodLimits.Off };
        _running = TestPipeline.FoldingAtOnce(_log, clock, options).Run(_connections);
    }

    private OutboxConnection Member(int sequence, string name, string room = "main")
    {
        var member = new OutboxConnection(sequence, codec: CodecKind.Json);
        _connections.OnNext(member);
        member.Type($$"""{"type":"login","username":"{{name}}"}""", Send($"/join {room}"));
        return member;
    }

    private static string Send(string line) => JsonSerializer.Serialize(new { type = "send", text = line });

    /// <summary>Each object read as "type user" (or "room m1,m2,…"), for comparing sequences.</summary>
    private static List<string> Shapes(IEnumerable<string> objects) =>
    [
        .. objects.Select(json =>
        {
            using var o = JsonDocument.Parse(json);
            var root = o.RootElement;
            var type = root.GetProperty("type").GetString();
            return type == "room"
                ? $"room {string.Join(',', root.GetProperty("members").EnumerateArray().Select(m => m.GetString()))}"
                : $"{type} {(root.TryGetProperty("user", out var user) ? user.GetString() : root.TryGetProperty("text", out var text) ? text.GetString() : "")}"
                  + (root.TryGetProperty("replay", out _) ? " (history)" : "");
        }),
    ];

    [Fact]
    public void A_member_that_reads_late_is_sent_the_latest_member_list_once_at_its_place_and_every_join()
    {
        var alice = Member(1, "alice");
        Assert.Equal(["welcome ", "joined alice", "room alice"], Shapes(alice.Read()));

        var bob = Member(2, "bob");
        var keptUp = bob.Read(); // bob reads after every change
        var carol = Member(3, "carol");
        keptUp.AddRange(bob.Read());
        carol.Type(Send("hi"));
        keptUp.AddRange(bob.Read());
        var dave = Member(4, "dave");
        keptUp.AddRange(bob.Read());
        long queued = alice.Outbox.QueuedBytes;

        var read = alice.Read();
        Assert.Equal(["joined bob", "joined carol", "said carol", "joined dave", "room alice,bob,carol,dave"], Shapes(read));
        // What it had queued was what it was then sent: the superseded lists were never its to send.
        Assert.Equal(queued, read.Sum(json => System.Text.Encoding.UTF8.GetByteCount(json) + 1));

        // One who kept up was sent every list, each in its turn.
        Assert.Equal(["welcome ", "joined bob", "room alice,bob", "joined carol", "room alice,bob,carol", "said carol", "joined dave", "room alice,bob,carol,dave"],
            Shapes(keptUp));
        Assert.Equal(["welcome ", "joined dave", "room alice,bob,carol,dave", "said carol (history)"], Shapes(dave.Read()));
    }

    [Fact]
    public void A_member_that_left_the_room_keeps_the_last_list_it_was_sent_while_in_it()
    {
        var alice = Member(1, "alice");
        alice.Read();
        Member(2, "bob");
        alice.Type(Send("/join elsewhere"));
        Member(3, "carol"); // main's next list supersedes the one alice was owed, but she is not in main to be sent it

        Assert.Equal(["joined bob", "room alice,bob", "joined alice", "room alice"], Shapes(alice.Read()));
    }

    [Fact]
    public void A_member_behind_a_room_filling_up_is_not_cut_off_for_lists_it_will_never_be_sent()
    {
        // 8 KiB of queue: the 60 joins are about 5.5 KiB, the 60 lists after them about 24 KiB.
        var alice = new OutboxConnection(1, maxQueuedBytes: 8192, codec: CodecKind.Json);
        _connections.OnNext(alice);
        alice.Type("""{"type":"login","username":"alice"}""", Send("/join main"));
        alice.Read();
        for (int i = 0; i < 60; i++) Member(10 + i, $"member{i:D2}");

        Assert.Null(alice.CutOffBecause);
        var shapes = Shapes(alice.Read());
        Assert.Equal(61, shapes.Count);
        Assert.Equal([.. Enumerable.Range(0, 60).Select(i => $"joined member{i:D2}")], shapes[..60]);
        Assert.Equal($"room alice,{string.Join(',', Enumerable.Range(0, 60).Select(i => $"member{i:D2}"))}", shapes[60]);
    }

    public void Dispose()
    {
        _running.Dispose();
        _log.Dispose();
    }
}
