using System.Net.Sockets;
using RxChat.Server.Hosting;
using RxChat.Server.Delivery;
using RxChat.Server.Transport;
using RxChat.Tests.Support;
using static RxChat.Tests.Support.Peers;

namespace RxChat.Tests.EndToEnd;

/// <summary>
/// A reader whose peer vanishes (a reset) while lines wait for it lets go of them: its
/// writer stops, and the shared streams no longer hold the room's later lines for it.
/// </summary>
public sealed class VanishedReaderTests
{
    private static readonly string Padding = new('x', 1000);

    [Fact]
    public async Task A_reset_connection_holds_nothing_of_what_the_room_says_after()
    {
        await using var server = await RunningServer.StartAsync(o => o.Limits.FloodLinesPerSecond = 0);
        await using var talker = await InRoomAsync(server.Port, "talker", "lobby");
        await using var listener = await InRoomAsync(server.Port, "listener", "lobby", talker);
        using var vanishing = await NonReaderAsync(server.Port, "vanishing", "lobby");
        AssertStamped("vanishing joined the room", await talker.ReadLineAsync());
        AssertStamped("vanishing joined the room", await listener.ReadLineAsync());

        for (int i = 0; i < 20; i++) await talker.SendLineAsync($"before {i} {Padding}"); // waits for the one that vanishes
        for (int i = 0; i < 20; i++) Assert.Equal($"talker: before {i} {Padding}", Unstamped(await listener.ReadLineAsync()));
        vanishing.LingerState = new LingerOption(true, 0);
        vanishing.Close(); // a reset: no goodbye
        AssertStamped("vanishing left the room lobby", await listener.ReadLineAsync());
        AssertStamped("vanishing left the room lobby", await talker.ReadLineAsync());

        const int After = 200; // 200 KB: a dozen segments
        for (int i = 0; i < After; i++) await talker.SendLineAsync($"after {i} {Padding}");
        for (int i = 0; i < After; i++) Assert.Equal($"talker: after {i} {Padding}", Unstamped(await listener.ReadLineAsync()));

        // What is still held is at most the segment each stream's last reader is in, and
        // the readers' own replies: nothing like the 200 KB said after the reset.
        Assert.InRange(server.Pipeline.Outbound.HeldBytes, 0, 4 * OutboundStream.SegmentBytes);
    }
}
