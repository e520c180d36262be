using System.Text.Json.Nodes;
using RxChat.Tests.Support;

namespace RxChat.Tests.EndToEnd;

/// <summary>
/// PROTOCOL.md Part 4 over real WebSockets while a room fills: a <c>room</c> object not yet
/// sent may be replaced by a newer one, but every member still hears every later join, in
/// order, and the last member list each one is sent names everyone, in connection order.
/// </summary>
public sealed class WebSocketRoomFillTests
{
    private const int Members = 120;

    [Fact]
    public async Task Every_member_hears_every_later_join_and_ends_with_the_whole_room_in_connection_order()
    {
        await using var server = await RunningServer.StartWithHttpAsync();
        var names = Enumerable.Range(0, Members).Select(i => $"m{i:D3}").ToArray();
        var members = new List<JsonClient>();
        try
        {
            foreach (var name in names) members.Add(await JsonClient.LogInAsync(server.HttpPort!.Value, name)); // connection order
            // Joined in the reverse order: the list is in connection order whoever joined first.
            for (int i = Members - 1; i >= 0; i--)
            {
                await members[i].SayAsync("/join main");
                Assert.Equal(names[i], (string?)(await members[i].NextAsync("joined"))["user"]);
            }

            var seen = await Task.WhenAll(members.Select(ReadUntilTheWholeRoomAsync));
            for (int i = 0; i < Members; i++)
            {
                var (joins, lists, last) = seen[i];
                // Its own join came first (read above); then everyone who joined after it: those before it in connection order.
                Assert.Equal(names[..i].Reverse(), joins);
                Assert.Equal(names, last);
                Assert.InRange(lists, 1, i + 1);
            }
        }
        finally
        {
            foreach (var member in members) await member.DisposeAsync();
        }
    }

    /// <summary>The joins a member hears and how many lists it is sent, until a list names the whole room.</summary>
    private static async Task<(List<string> Joins, int Lists, string[] Last)> ReadUntilTheWholeRoomAsync(JsonClient member)
    {
        var joins = new List<string>();
        int lists = 0;
        while (true)
        {
            var next = await member.NextAsync();
            switch ((string?)next["type"])
            {
                case "joined":
                    joins.Add((string)next["user"]!);
                    break;
                case "room":
                    lists++;
                    var listed = next["members"]!.AsArray().Select(n => (string)n!).ToArray();
                    if (listed.Length == Members) return (joins, lists, listed);
                    break;
            }
        }
    }
}
