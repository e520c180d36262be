using System.Text;
using System.Text.Json.Nodes;
using RxChat.Server.Hosting;
using RxChat.Server.Transport;
using RxChat.Tests.Support;

namespace RxChat.Tests.EndToEnd;

/// <summary>
/// Replies larger than a connection's queue limit (1 MiB by default) — a <c>resume</c> of a
/// room full of long lines, <c>/rooms</c> with long room names — reach a web user who reads,
/// instead of cutting the asker off as too slow.
/// </summary>
public sealed class LargeRepliesTests
{
    private static readonly long QueueLimit = TransportLimits.Default.MaxQueuedBytes;

    /// <summary>Long lines and names allowed, and kept; the queue limit stays the default.</summary>
    private static void RoomForLargeLines(ChatServerOptions o)
    {
        Assert.Equal(QueueLimit, o.Limits.MaxQueuedBytes);
        o.Limits.MaxLineBytes = 64 * 1024;
        o.Limits.MaxRoomNameLength = 8_000;
        o.Limits.FloodLinesPerSecond = 0; // the test's own bursts are no flood
        o.Limits.MaxConnectionsPerAddress = 0;
        o.Limits.NewConnectionsPerAddressPerMinute = 0;
        o.History.PerRoomBytes = 8 * 1024 * 1024;
        o.History.TotalBytes = 16 * 1024 * 1024;
        o.History.OnJoin = 0;
    }

    [Fact]
    public async Task A_resume_over_a_mebibyte_reaches_a_web_user_who_reads()
    {
        await using var server = await RunningServer.StartWithHttpAsync(RoomForLargeLines);
        await using var bob = await LineClient.LogInAsync(server.Port, "bob");
        await bob.SendLineAsync("/join main");
        Assert.Equal("You joined room main", await bob.ReadLineAsync());
        var line = new string('<', 60_000);
        for (int i = 0; i < 20; i++) await bob.SendLineAsync($"{i} {line}");
        await bob.SendLineAsync("/room"); // answered once all 20 are in the log
        Assert.Equal("You are in room main", await bob.ReadLineAsync());

        await using var alice = await JsonClient.LogInAsync(server.HttpPort!.Value, "alice");
        await alice.SayAsync("/join main");
        await alice.NextAsync("joined");
        await alice.SendAsync(new JsonObject { ["type"] = "resume", ["after"] = 0 });

        var replayed = new List<JsonObject>();
        JsonObject next;
        while ((string?)(next = await alice.NextAsync())["type"] != "resumed")
            if ((string?)next["type"] == "said") replayed.Add(next);

        Assert.True((bool)next["complete"]!);
        Assert.Equal(Enumerable.Range(0, 20).Select(i => $"{i} {line}"), replayed.Select(s => (string?)s["text"]));
        long bytes = replayed.Sum(s => (long)Encoding.UTF8.GetByteCount(s.ToJsonString()));
        Assert.True(bytes > QueueLimit, $"the resume was {bytes:N0} bytes");
        await alice.SayAsync("/room"); // still connected, and answered after it
        Assert.Equal("You are in room main", (string?)(await alice.NextAsync("reply"))["text"]);
    }

    [Fact]
    public async Task Rooms_over_a_mebibyte_reach_a_web_user_who_reads()
    {
        await using var server = await RunningServer.StartWithHttpAsync(RoomForLargeLines);
        var name = new string('語', 4_000); // 12,000 bytes of UTF-8 (it was 24,000 escaped)
        var users = new List<LineClient>();
        try
        {
            for (int i = 0; i < 50; i++)
            {
                var user = await LineClient.LogInAsync(server.Port, $"u{i}");
                users.Add(user);
                await user.SendLineAsync($"/join {i:D2}{name}");
                Assert.Equal($"You joined room {i:D2}{name}", await user.ReadLineAsync());
            }

            await using var alice = await JsonClient.LogInAsync(server.HttpPort!.Value, "alice");
            await alice.SayAsync("/rooms");
            var reply = await alice.NextAsync("reply");

            var rooms = reply["rooms"]!.AsArray();
            Assert.Equal(50, rooms.Count);
            Assert.Equal($"00{name}", (string?)rooms[0]!["name"]);
            Assert.Null(reply["more"]);
            long bytes = Encoding.UTF8.GetByteCount(reply.ToJsonString());
            Assert.True(bytes > QueueLimit, $"the reply was {bytes:N0} bytes");
            await alice.SayAsync("/users");
            Assert.StartsWith("Users: u0, u1", (string?)(await alice.NextAsync("reply"))["text"]);
        }
        finally
        {
            foreach (var user in users) await user.DisposeAsync();
        }
    }

    [Fact]
    public async Task Rooms_past_the_bound_say_how_many_were_left_out_on_both_protocols()
    {
        await using var server = await RunningServer.StartWithHttpAsync(o => o.Limits.RoomsListed = 2);
        var users = new List<LineClient>();
        try
        {
            foreach (var room in new[] { "delta", "alpha", "charlie", "bravo", "echo" })
            {
                var user = await LineClient.LogInAsync(server.Port, $"in-{room}");
                users.Add(user);
                await user.SendLineAsync($"/join {room}");
                Assert.Equal($"You joined room {room}", await user.ReadLineAsync());
            }

            await users[0].SendLineAsync("/rooms");
            Assert.Equal("Rooms: alpha (1), bravo (1), 3 more", await users[0].ReadLineAsync());

            await using var alice = await JsonClient.LogInAsync(server.HttpPort!.Value, "alice");
            await alice.SayAsync("/rooms");
            var reply = await alice.NextAsync("reply");
            Assert.Equal("Rooms: alpha (1), bravo (1), 3 more", (string?)reply["text"]);
            Assert.Equal(["alpha", "bravo"], reply["rooms"]!.AsArray().Select(r => (string?)r!["name"]));
            Assert.Equal(3, (int)reply["more"]!);
        }
        finally
        {
            foreach (var user in users) await user.DisposeAsync();
        }
    }
}
