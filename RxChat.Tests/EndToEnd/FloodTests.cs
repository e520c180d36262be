using System.Text;
using RxChat.Tests.Support;
using static RxChat.Tests.Support.Peers;

namespace RxChat.Tests.EndToEnd;

/// <summary>
/// Flood control end to end: the flooder is told to slow down and, if it does not, is cut
/// off; everyone else receives, in order, exactly what got through.
/// </summary>
public sealed class FloodTests
{
    private static byte[] Numbered(int count) =>
        Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(0, count).Select(i => $"line {i}\n")));

    /// <summary>
    /// Reads until the flooder's departure. What got through must be the whole burst (line 0,
    /// 1, 2, …) and after it only lines the refill let through, still in the order sent.
    /// </summary>
    private static async Task<int> ReadUntilGoneAsync(LineClient member, string flooder, string room, int burst)
    {
        var numbers = new List<int>();
        while (true)
        {
            var line = Unstamped(await member.ReadLineAsync());
            if (line == $"{flooder} left the room {room}") break;
            Assert.StartsWith($"{flooder}: line ", line);
            numbers.Add(int.Parse(line[$"{flooder}: line ".Length..]));
        }
        Assert.Equal(Enumerable.Range(0, burst), numbers.Take(burst));
        Assert.True(numbers.Zip(numbers.Skip(1)).All(pair => pair.First < pair.Second), "lines out of order");
        return numbers.Count;
    }

    [Fact]
    public async Task A_flooder_is_told_to_slow_down_then_cut_off_and_the_room_keeps_order()
    {
        await using var server = await RunningServer.StartAsync(o =>
        {
            o.Limits.FloodBurstLines = 20;
            o.Limits.FloodLinesPerSecond = 1;
            o.Limits.FloodDroppedLinesBeforeDisconnect = 50;
        });
        await using var alice = await InRoomAsync(server.Port, "alice", "lobby");
        await using var mallory = await InRoomAsync(server.Port, "mallory", "lobby", alice);

        await mallory.SendBytesAsync(Numbered(500));

        var told = await mallory.ReadUntilClosedAsync();
        Assert.Equal("Slow down", told[0]);
        Assert.Equal("Too many lines: disconnected", told[^1]);
        Assert.All(told[..^1], line => Assert.Equal("Slow down", line)); // once per run of dropped lines
        int passed = await ReadUntilGoneAsync(alice, "mallory", "lobby", burst: 18); // 20, less the name and the /join
        Assert.InRange(passed, 18, 100);
        await alice.ExpectNothingMoreAsync();
    }

    [Fact]
    public async Task A_burst_of_ten_thousand_lines_under_the_default_limits()
    {
        await using var server = await RunningServer.StartAsync();
        await using var alice = await InRoomAsync(server.Port, "alice", "lobby");
        await using var mallory = await InRoomAsync(server.Port, "mallory", "lobby", alice);

        await mallory.SendBytesAsync(Numbered(10_000));

        var told = await mallory.ReadUntilClosedAsync();
        Assert.Equal("Slow down", told[0]);
        Assert.Equal("Too many lines: disconnected", told[^1]);
        int passed = await ReadUntilGoneAsync(alice, "mallory", "lobby", burst: 4_998); // 5,000, less the name and the /join
        Assert.InRange(passed, 4_998, 9_000);
        await alice.ExpectNothingMoreAsync();
    }

    [Fact]
    public async Task With_flood_control_off_ten_thousand_lines_all_arrive_in_order()
    {
        await using var server = await RunningServer.StartAsync(o => o.Limits.FloodLinesPerSecond = 0);
        await using var alice = await InRoomAsync(server.Port, "alice", "lobby");
        await using var bob = await InRoomAsync(server.Port, "bob", "lobby", alice);

        await bob.SendBytesAsync(Numbered(10_000));

        var seen = await alice.ReadLinesAsync(10_000);
        Assert.Equal(Enumerable.Range(0, 10_000).Select(i => $"bob: line {i}"), seen.Select(Unstamped));
        await bob.ExpectNothingMoreAsync();
        await alice.ExpectNothingMoreAsync();
    }
}
