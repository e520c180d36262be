using RxChat.Server.Core;

namespace RxChat.Tests.Core;

/// <summary>
/// Property-style: many seeded random command sequences; after every single step the
/// chat's invariants hold. The checks derive the expected facts from the clients alone,
/// independently of how the reducer keeps its rooms.
/// </summary>
public sealed class InvariantPropertyTests
{
    private static readonly string[] Names = ["ann", "ben", "cat", "dan", "eve", "fay", "Ann", "BEN"];
    private static readonly string[] RoomNames = ["main", "side", "x", "the lounge"];

    public static IEnumerable<object[]> Seeds() => Enumerable.Range(1, 40).Select(seed => new object[] { seed });

    [Theory]
    [MemberData(nameof(Seeds))]
    public void After_every_step_each_room_has_exactly_its_earliest_member_as_leader(int seed)
    {
        var random = new Random(seed);
        var state = ChatState.Empty;
        long nextSequence = 1;
        var open = new List<ConnectionId>();

        for (int step = 0; step < 400; step++)
        {
            var (from, command) = NextCommand(random, open, ref nextSequence);
            var envelope = new Envelope(from, DateTimeOffset.UnixEpoch.AddSeconds(step), command);
            var after = Reducer.Reduce(state, envelope);
            _ = Differ.Diff(state, after, envelope); // must not throw for any command in any state
            if (command is Disconnected) open.Remove(from);
            state = after;
            AssertInvariants(state, $"seed {seed}, step {step}, {command}");
        }
    }

    private static (ConnectionId, Command) NextCommand(Random random, List<ConnectionId> open, ref long nextSequence)
    {
        if (open.Count == 0 || random.Next(8) == 0)
        {
            var id = new ConnectionId(nextSequence++);
            open.Add(id);
            return (id, Connected.Instance);
        }
        var from = open[random.Next(open.Count)];
        Command command = random.Next(10) switch
        {
            0 or 1 => new Login(Names[random.Next(Names.Length)]),
            2 or 3 or 4 => new Join(RoomNames[random.Next(RoomNames.Length)]),
            5 => new Say("hello"),
            6 => Quit.Instance,
            7 => new Disconnected("reset"),
            8 => WhoLeads.Instance,
            _ => ListUsers.Instance,
        };
        return (from, command);
    }

    private static void AssertInvariants(ChatState state, string where)
    {
        var inRooms = state.Clients.Values.Where(c => c.Room is not null).ToList();
        Assert.True(inRooms.All(c => c.IsLoggedIn), $"only logged-in users are in rooms ({where})");

        // Rooms are exactly the rooms clients say they are in: none empty, none missing.
        Assert.Equal(inRooms.Select(c => c.Room!).ToHashSet(), state.Rooms.Keys.ToHashSet());
        foreach (var room in state.Rooms.Values)
        {
            var members = inRooms.Where(c => c.Room == room.Name).Select(c => c.Id).Order().ToArray();
            Assert.True(members.Length > 0, $"room {room.Name} is empty ({where})");
            Assert.Equal(members, room.Members.ToArray());
            Assert.Equal(members.Min(), room.Leader);
        }

        // Each client is in at most one room.
        var memberships = state.Rooms.Values.SelectMany(r => r.Members).ToList();
        Assert.Equal(memberships.Count, memberships.Distinct().Count());

        // Usernames are unique, case-insensitively, and match the logged-in clients.
        var names = state.Clients.Values.Where(c => c.IsLoggedIn).Select(c => c.Username!).ToList();
        Assert.Equal(names.Count, names.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.Equal(names.Count, state.Usernames.Count);
    }
}
