using System.Globalization;

namespace RxChat.Simulation;

/// <summary>
/// Turns a seed into a <see cref="Plan"/>: clients that connect, log in, join rooms, talk,
/// ask who leads, read slowly, close or vanish, and — about one step in sixteen — a fault:
/// a node crashes (and restarts a few seconds later), snapshots and crashes, is cut off from
/// the log for a while, sends an append twice, or the log goes down for a while. It keeps a
/// rough idea of each client's state so the plan makes sense, but the run decides what
/// really happens. <see cref="Random"/> with a seed is the same sequence on every .NET.
/// </summary>
public static class PlanGenerator
{
    public const int DefaultNodes = 3;
    public const int DefaultClients = 8;

    private static readonly string[] Names =
        ["alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi", "ivan", "judy", "mallory", "niaj"];

    /// <summary>Weighted towards one room, so most chat lines have an audience.</summary>
    private static readonly string[] Rooms = ["main", "main", "main", "side", "games"];

    private sealed class Planned(string name, string node, bool slow)
    {
        public string Name { get; } = name;
        public string Node { get; } = node;
        public bool Slow { get; } = slow;
        public bool LoggedIn { get; set; }
        public bool InRoom { get; set; }
    }

    public static Plan Generate(int seed, int steps, int nodes = DefaultNodes, int clients = DefaultClients, bool faults = true)
    {
        var random = new Random(seed);
        var nodeNames = Enumerable.Range(1, nodes).Select(n => $"n{n}").ToList();
        var running = new HashSet<string>(nodeNames, StringComparer.Ordinal);
        var restartAt = new Dictionary<int, string>();
        int outageEnds = -1, cutOffEnds = -1;
        string? cutOff = null;
        var live = new List<Planned>();
        int named = 0;
        var acts = new List<Act>(steps);

        for (int step = 1; step <= steps; step++)
        {
            if (step == outageEnds) { acts.Add(new LogComesBack()); outageEnds = -1; continue; }
            if (step == cutOffEnds) { acts.Add(new NodeReconnects(cutOff!)); cutOffEnds = -1; cutOff = null; continue; }
            if (restartAt.Remove(step, out var restarting)) { acts.Add(new NodeRestarts(restarting)); running.Add(restarting); continue; }
            if (faults && random.Next(16) == 0)
            {
                acts.Add(Fault(random.Next(5)));
                continue;
            }
            if (live.Count == 0 || (live.Count < clients && random.Next(6) == 0))
            {
                if (running.Count == 0) { acts.Add(Pause.Instance); continue; }
                var name = named < Names.Length ? Names[named] : Names[named % Names.Length] + (named / Names.Length).ToString(CultureInfo.InvariantCulture);
                named++;
                var client = new Planned(name, Pick(running.Order(StringComparer.Ordinal).ToList()), random.Next(5) == 0);
                live.Add(client);
                acts.Add(new ClientConnects(client.Name, client.Node, client.Slow));
                continue;
            }
            var who = live[random.Next(live.Count)];
            if (!who.LoggedIn)
            {
                who.LoggedIn = true;
                acts.Add(new ClientTypes(who.Name, who.Name));
                continue;
            }
            if (!who.InRoom)
            {
                who.InRoom = true;
                acts.Add(new ClientTypes(who.Name, $"/join {Pick(Rooms)}"));
                continue;
            }
            int roll = random.Next(100);
            acts.Add(roll switch
            {
                < 40 => new ClientTypes(who.Name, $"hi {step}"),
                < 58 => new ClientTypes(who.Name, $"/join {Pick(Rooms)}"),
                < 68 => new ClientTypes(who.Name, "/leader"),
                < 72 => new ClientTypes(who.Name, "/users"),
                < 80 when who.Slow => new ClientReads(who.Name),
                < 84 => Leaves(who, new ClientCloses(who.Name)),
                < 88 => Leaves(who, new ClientVanishes(who.Name)),
                _ => new ClientTypes(who.Name, $"hi {step}"),
            });

            Act Fault(int kind)
            {
                var up = running.Order(StringComparer.Ordinal).ToList();
                switch (kind)
                {
                    case 0 or 1 when up.Count > 1:
                        var node = Pick(up);
                        running.Remove(node);
                        live.RemoveAll(c => c.Node == node);
                        restartAt[FreeStep(step + 2 + random.Next(10))] = node;
                        return kind == 0 ? new NodeCrashes(node) : new NodeSnapshotsAndCrashes(node);
                    case 2 when outageEnds < 0:
                        outageEnds = FreeStep(step + 1 + random.Next(6));
                        return new LogGoesDown();
                    case 3 when cutOff is null && up.Count > 0:
                        cutOff = Pick(up);
                        cutOffEnds = FreeStep(step + 1 + random.Next(14));
                        return new NodeCutOff(cutOff);
                    case 4 when up.Count > 0:
                        return new DuplicateAppend(Pick(up));
                    default:
                        return Pause.Instance;
                }
            }

            int FreeStep(int at)
            {
                while (at == outageEnds || at == cutOffEnds || restartAt.ContainsKey(at)) at++;
                return at;
            }
        }
        return new Plan(seed, nodeNames, acts);

        T Pick<T>(IReadOnlyList<T> from) => from[random.Next(from.Count)];

        Act Leaves(Planned who, Act act)
        {
            live.Remove(who);
            return act;
        }
    }
}
