using System.Text.RegularExpressions;
using RxChat.Tests.Support;

namespace RxChat.Tests.EndToEnd;

/// <summary>
/// One ordered command stream means: every member of a room receives exactly the other
/// senders' messages, each sender's in the order sent, and all members see the same
/// interleaving. Checked with concurrent senders over real sockets.
/// </summary>
public sealed partial class TotalOrderTests
{
    private const int MessagesPerSender = 150;

    [GeneratedRegex(@"^\[\d\d:\d\d:\d\d\] (?<user>\S+): (?<text>.+)$")]
    private static partial Regex ChatLine();

    private sealed record Member(string Name, string Room, LineClient Client);

    [Fact]
    public async Task Concurrent_senders_in_one_room_are_seen_in_one_order_by_all()
    {
        await using var server = await RunningServer.StartAsync();
        var members = await SeatAsync(server.Port, rooms: 1, perRoom: 6);
        try { await ChatConcurrentlyAndCheckAsync(members); }
        finally { foreach (var m in members) await m.Client.DisposeAsync(); }
    }

    [Fact]
    public async Task Concurrent_rooms_each_keep_one_order_and_nothing_leaks_between_them()
    {
        await using var server = await RunningServer.StartAsync();
        var members = await SeatAsync(server.Port, rooms: 3, perRoom: 4);
        try { await ChatConcurrentlyAndCheckAsync(members); }
        finally { foreach (var m in members) await m.Client.DisposeAsync(); }
    }

    /// <summary>Logs everyone in and seats them; each member then reads the joins of those after it.</summary>
    private static async Task<List<Member>> SeatAsync(int port, int rooms, int perRoom)
    {
        var members = new List<Member>();
        for (int r = 0; r < rooms; r++)
        {
            var seated = new List<Member>();
            for (int i = 0; i < perRoom; i++)
            {
                var member = new Member($"u{r}x{i}", $"room{r}", await LineClient.LogInAsync(port, $"u{r}x{i}"));
                await member.Client.SendLineAsync("/join " + member.Room);
                Assert.Equal("You joined room " + member.Room, await member.Client.ReadLineAsync());
                foreach (var earlier in seated) Assert.EndsWith($"{member.Name} joined the room", await earlier.Client.ReadLineAsync());
                seated.Add(member);
            }
            members.AddRange(seated);
        }
        return members;
    }

    private static async Task ChatConcurrentlyAndCheckAsync(List<Member> members)
    {
        // Everyone sends at once; each sender's batch goes out in several writes.
        await Task.WhenAll(members.Select(m => Task.Run(async () =>
        {
            for (int i = 0; i < MessagesPerSender; i += 10)
                await m.Client.SendRawAsync(string.Concat(Enumerable.Range(i, 10).Select(n => $"{m.Name}-{n}\n")));
        })));

        var received = new Dictionary<string, List<(string User, string Text)>>();
        foreach (var member in members)
        {
            int expected = (members.Count(m => m.Room == member.Room) - 1) * MessagesPerSender;
            var lines = await member.Client.ReadLinesAsync(expected);
            received[member.Name] = lines.Select(Parse).ToList();
            await member.Client.ExpectNothingMoreAsync();
        }

        foreach (var member in members)
        {
            var mine = received[member.Name];
            var roommates = members.Where(m => m.Room == member.Room && m != member).Select(m => m.Name).ToHashSet();
            Assert.All(mine, line => Assert.Contains(line.User, roommates)); // no echo, no leak from other rooms
            foreach (var sender in roommates)
            {
                var texts = mine.Where(l => l.User == sender).Select(l => l.Text);
                Assert.Equal(Enumerable.Range(0, MessagesPerSender).Select(n => $"{sender}-{n}"), texts);
            }
        }

        // Same interleaving: any two members agree on the order of the messages both received.
        foreach (var a in members)
            foreach (var b in members.Where(b => b.Room == a.Room && string.CompareOrdinal(a.Name, b.Name) < 0))
            {
                var third = received[a.Name].Where(l => l.User != b.Name);
                var seenByB = received[b.Name].Where(l => l.User != a.Name);
                Assert.Equal(third, seenByB);
            }
    }

    private static (string User, string Text) Parse(string line)
    {
        var match = ChatLine().Match(line);
        Assert.True(match.Success, $"not a chat line: {line}");
        return (match.Groups["user"].Value, match.Groups["text"].Value);
    }
}
