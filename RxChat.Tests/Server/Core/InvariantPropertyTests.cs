using System.Text;
using System.Text.Json;
using RxChat.Server.Core;
using RxChat.Server.Log;
using RxChat.Tests.Support;

namespace RxChat.Tests.Server.Core;

/// <summary>
/// Property-style: many seeded random logs (two nodes, every kind of command, nodes
/// restarting, stopping, falling silent until they are lost, and log outages). After every single entry the chat's invariants hold
/// (a direct message reaches exactly its two parties; only leaders set topics and remove users); folding
/// the whole log again gives the same state and the same events; and starting from a
/// snapshot taken at any point, then folding the rest, gives the same state and events too.
/// </summary>
public sealed class InvariantPropertyTests
{
    private static readonly string[] Names = ["ann", "ben", "cat", "dan", "eve", "fay", "Ann", "BEN"];
    private static readonly string[] RoomNames = ["main", "side", "x", "the lounge"];
    private static readonly string[] Nodes = ["n1", "n2"];
    private static readonly ChatRules Rules = new(HistoryPerRoom: 5, HistoryRooms: 3, HistoryOnJoin: 2);

    public static IEnumerable<object[]> Seeds() => Enumerable.Range(1, 40).Select(seed => new object[] { seed });

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Every_step_keeps_the_invariants_and_every_replay_decides_the_same(int seed)
    {
        var log = RandomLog(new Random(seed), 400);

        var state = ChatState.Create(Rules);
        var states = new List<ChatState> { state };
        var events = new List<string>();
        foreach (var entry in log)
        {
            var step = Chat.Step(state, entry);
            var (after, decided) = step;
            AssertPowersAndPrivacy(step, entry, $"seed {seed}, entry {entry.Position}, {entry.Command}");
            state = after;
            states.Add(state);
            events.Add(Describe(decided));
            ChatInvariants.Hold(state);
            AssertLeadersAreEarliest(state, $"seed {seed}, entry {entry.Position}, {entry.Command}");
        }

        var (replayed, replayedEvents) = FoldAll(ChatState.Create(Rules), log);
        Assert.Equal(Describe(state), Describe(replayed));
        Assert.Equal(events, replayedEvents);

        var random = new Random(seed * 7919);
        for (int i = 0; i < 5; i++)
        {
            int at = random.Next(states.Count);
            var snapshot = LogJson.DeserializeSnapshot(LogJson.Serialize(ChatSnapshot.Of(states[at])));
            var (resumed, resumedEvents) = FoldAll(snapshot.ToState(Rules), log.Skip(at));
            Assert.Equal(Describe(state), Describe(resumed));
            Assert.Equal(events.Skip(at), resumedEvents);
        }
    }

    [Fact]
    public void The_random_logs_lose_nodes_too_so_the_replays_above_cover_node_loss()
    {
        int losses = 0;
        foreach (var seed in Enumerable.Range(1, 40))
        {
            var state = ChatState.Create(Rules);
            foreach (var entry in RandomLog(new Random(seed), 400))
            {
                var (after, decided) = Chat.Step(state, entry);
                losses += decided.Count(e => e is NodeLost);
                state = after;
            }
        }
        Assert.InRange(losses, 10, int.MaxValue);
    }

    private static (ChatState, List<string>) FoldAll(ChatState state, IEnumerable<LogEntry> entries)
    {
        var events = new List<string>();
        foreach (var entry in entries)
        {
            var (after, decided) = Chat.Step(state, entry);
            state = after;
            events.Add(Describe(decided));
        }
        return (state, events);
    }

    private static List<LogEntry> RandomLog(Random random, int length)
    {
        var log = new List<LogEntry>();
        var open = new List<ConnectionId>();
        var numbers = Nodes.ToDictionary(node => node, _ => 0L);
        var time = DateTimeOffset.UnixEpoch;
        string? mute = null; // a node that has fallen silent (dead or cut off), so node loss happens too
        for (int position = 1; position <= length; position++)
        {
            // Mostly a second apart; now and then the log was down for a while.
            time += TimeSpan.FromSeconds(random.Next(40) == 0 ? 30 : 1);
            if (random.Next(30) == 0) mute = mute is null ? Nodes[random.Next(Nodes.Length)] : null;
            var (from, command) = NextCommand(random, open, numbers, mute);
            log.Add(new LogEntry(position, time, from, command));
        }
        return log;
    }

    private static (ConnectionId, Command) NextCommand(Random random, List<ConnectionId> open, Dictionary<string, long> numbers, string? mute)
    {
        var speaking = Nodes.Where(n => n != mute).ToArray();
        var node = speaking[random.Next(speaking.Length)];
        if (random.Next(6) == 0) return (ConnectionId.NodeItself(node), NodeHeartbeat.Instance);
        if (random.Next(60) == 0)
        {
            open.RemoveAll(id => id.Node == node);
            return (ConnectionId.NodeItself(node), random.Next(2) == 0 ? NodeStarted.Instance : NodeStopping.Instance);
        }
        if (open.Count == 0 || random.Next(8) == 0)
        {
            var id = new ConnectionId(node, ++numbers[node]);
            open.Add(id);
            return (id, Connected.Instance);
        }
        var fromSpeaking = open.Where(id => id.Node != mute).ToList();
        if (fromSpeaking.Count == 0) return (ConnectionId.NodeItself(node), NodeHeartbeat.Instance);
        var from = fromSpeaking[random.Next(fromSpeaking.Count)];
        Command command = random.Next(19) switch
        {
            14 => new Tell(Names[random.Next(Names.Length)], $"psst {random.Next(100)}"),
            15 => new Act($"waves {random.Next(100)}"),
            16 => random.Next(3) == 0 ? ShowTopic.Instance : new SetTopic($"topic {random.Next(100)}"),
            17 or 18 => new Kick(Names[random.Next(Names.Length)], random.Next(2) == 0 ? null : "because"),
            0 or 1 => new Login(Names[random.Next(Names.Length)]),
            2 or 3 or 4 => new Join(RoomNames[random.Next(RoomNames.Length)]),
            5 or 6 => new Say($"hello {random.Next(100)}"),
            7 => Quit.Instance,
            8 => new Disconnected("reset"),
            9 => WhoLeads.Instance,
            10 => new ShowHistory(random.Next(2) == 0 ? null : random.Next(1, 9)),
            11 => WhoIsHere.Instance,
            12 => ListRooms.Instance,
            _ => ListUsers.Instance,
        };
        if (command is Quit or Disconnected) open.Remove(from);
        return (from, command);
    }

    /// <summary>
    /// A direct message reaches exactly its two parties (one, to oneself), on whatever node; only
    /// a room's leader changes its topic or removes someone from it; and a removal always leaves
    /// the removed user in no room.
    /// </summary>
    private static void AssertPowersAndPrivacy(ChatStep step, LogEntry entry, string where)
    {
        foreach (var (e, before, after, deliveries) in step.Happened)
        {
            switch (e)
            {
                case Told told:
                    Assert.Equal(entry.From, told.Who);
                    var reached = deliveries.SelectMany(d => d.To).ToList();
                    Assert.Equal(new[] { told.Who, told.To }.Distinct().OrderBy(id => id.ToString()), reached.OrderBy(id => id.ToString()));
                    Assert.Equal(told.ToUser, after.Find(told.To)?.Username);
                    break;
                case TopicSet set:
                    Assert.True(before.FindRoom(set.Room)?.Leader == entry.From, $"a topic set by {entry.From}, who does not lead {set.Room} ({where})");
                    Assert.Equal(new Topic(set.Topic, set.User, set.At), after.Rooms[set.Room].Topic);
                    break;
                case Removed removed:
                    Assert.True(before.FindRoom(removed.Room)?.Leader == entry.From, $"{removed.User} removed by {entry.From}, who does not lead {removed.Room} ({where})");
                    Assert.Null(after.Find(removed.Who)!.Room);
                    Assert.Equal(removed.Until, after.Bans.Until(removed.Room, removed.User, entry.Time));
                    break;
            }
        }
    }

    [Fact]
    public void The_random_logs_send_direct_messages_set_topics_and_remove_users_so_the_checks_above_bite()
    {
        var counts = new Dictionary<Type, int>();
        foreach (var seed in Enumerable.Range(1, 40))
        {
            var state = ChatState.Create(Rules);
            foreach (var entry in RandomLog(new Random(seed), 400))
            {
                var step = Chat.Step(state, entry);
                foreach (var e in step.Events) counts[e.GetType()] = counts.GetValueOrDefault(e.GetType()) + 1;
                state = step.State;
            }
        }
        Assert.All(new[] { typeof(Told), typeof(TopicSet), typeof(Removed) }, kind => Assert.InRange(counts.GetValueOrDefault(kind), 20, int.MaxValue));
        Assert.Contains(typeof(Answered), counts.Keys);
    }

    private static void AssertLeadersAreEarliest(ChatState state, string where)
    {
        foreach (var room in state.Rooms.Values)
        {
            var members = state.Clients.Values.Where(c => c.Room == room.Name).OrderBy(c => c.Since).ToList();
            Assert.True(members.Count > 0, $"room {room.Name} is empty ({where})");
            Assert.Equal(members.Select(c => c.Id), room.Members.Select(m => m.Id));
            Assert.Equal(members[0].Id, room.Leader);
        }
        Assert.True(state.History.Rooms.Count <= Rules.HistoryRooms, $"too many histories ({where})");
        Assert.All(state.History.Rooms.Values, h => Assert.InRange(h.Count, 1, Rules.HistoryPerRoom));
    }

    /// <summary>Everything the state holds, in a canonical text form.</summary>
    private static string Describe(ChatState state)
    {
        var text = new StringBuilder(Encoding.UTF8.GetString(LogJson.Serialize(ChatSnapshot.Of(state))));
        foreach (var room in state.Rooms.Values.OrderBy(r => r.Name, StringComparer.Ordinal))
            text.Append($"\n{room.Name}: {string.Join(",", room.Members)}");
        foreach (var (name, id) in state.Usernames.OrderBy(u => u.Key, StringComparer.Ordinal))
            text.Append($"\n{name}={id}");
        return text.ToString();
    }

    private static string Describe(IReadOnlyList<ChatEvent> events) =>
        string.Join("\n", events.Select(e => JsonSerializer.Serialize(e, LogJson.Default.ChatEvent)));
}
