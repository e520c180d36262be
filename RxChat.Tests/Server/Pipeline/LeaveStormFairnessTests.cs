using System.Reactive.Subjects;
using RxChat.Server.Log;
using RxChat.Server.Pipeline;
using RxChat.Server.Transport;
using RxChat.Tests.Support;
using RxChat.Tests.Testing;

namespace RxChat.Tests.Server.Pipeline;

/// <summary>
/// A storm of leaves costs the fold the same whatever the number of users told: each leave
/// is one append to everyone's stream, and telling each user is their writers' work, not
/// the fold's. So a newcomer's welcome and answers wait behind the storm's entries — one
/// ordered log — but not behind its deliveries. Counted, not timed: the fold's operations
/// on the shared buffer (appends, follows, unfollows, limit checks).
/// </summary>
public sealed class LeaveStormFairnessTests
{
    private const int Rooms = 10;
    private const int Leavers = 100;

    [Fact]
    public void The_fold_work_between_a_leave_storm_and_a_newcomers_welcome_does_not_grow_with_the_users_told()
    {
        var small = LeaveStorm(users: 200);
        var large = LeaveStorm(users: 2000);

        Assert.Equal(small, large);
        Assert.InRange(small, Leavers, 10 * Leavers); // a few per leave, not one per user told
    }

    /// <summary>
    /// <paramref name="users"/> in <see cref="Rooms"/> rooms; the first <see cref="Leavers"/>
    /// leave (the first ten of each room, its leaders-to-be-replaced), then a newcomer logs in and
    /// asks <c>/users</c>. Returns the fold's operations from the storm's start to the answer.
    /// </summary>
    private static long LeaveStorm(int users)
    {
        using var log = SqliteCommandLog.Open(":memory:");
        var clock = new ChatTestScheduler(new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero));
        var pipeline = TestPipeline.FoldingAtOnce(log, clock, new ChatOptions { TimeZone = TimeZoneInfo.Utc, Flood = FloodLimits.Off });
        var connections = new Subject<IChatConnection>();
        using var running = pipeline.Run(connections);
        var everyone = new List<OutboxConnection>();
        for (int i = 0; i < users; i++)
        {
            var user = new OutboxConnection(i + 1);
            everyone.Add(user);
            connections.OnNext(user);
            user.Type($"u{i:D4}", $"/join r{i % Rooms}");
        }
        foreach (var user in everyone) user.Read();

        long before = pipeline.Outbound.FoldOperations;
        foreach (var leaver in everyone.Take(Leavers)) leaver.Close();
        var newcomer = new OutboxConnection(users + 1);
        connections.OnNext(newcomer);
        newcomer.Type("newbie", "/users");
        long operations = pipeline.Outbound.FoldOperations - before;

        var heard = newcomer.Read();
        Assert.StartsWith("Welcome", heard[0]);
        Assert.Equal("Users: " + string.Join(", ", everyone.Skip(Leavers).Select((_, i) => $"u{i + Leavers:D4}").Append("newbie")), heard[^1]);
        foreach (var stayer in everyone.Skip(Leavers))
        {
            var told = stayer.Read().Where(line => line.Contains(" left the room ")).ToList();
            Assert.Equal(Leavers, told.Count); // the storm's deliveries are all there, in log order
            Assert.EndsWith("u0000 left the room r0", told[0]);
            Assert.EndsWith($"u{Leavers - 1:D4} left the room r{(Leavers - 1) % Rooms}", told[^1]);
        }
        return operations;
    }
}
