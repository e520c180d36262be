using System.Diagnostics;
using System.Reactive.Linq;
using RxChat.Server.Core;
using RxChat.Server.Log;

// RxChat.Seed: writes a realistic log of N entries into a data directory, through the
// server's own SqliteCommandLog, in runs of 64 as the server appends them, and snapshots as
// the server would (every 10,000 entries, in the background, skipped while one is written).
//
//   RxChat.Seed --data-dir DIR [--entries 1000000] [--tail 0|N|none] [--users 2000] [--rooms 1000] [--seed 1]
//
// --tail 0     a snapshot at the very end: a clean stop (the server snapshots on stopping)
// --tail N     the last snapshot N entries before the end, none after: a kill -9 right
//              before the next snapshot was due (N = 10,000 is the worst case by default)
// --tail none  no snapshot at all: start-up replays every entry
//
// The workload, deterministic for a seed: connections come and go so that about --users are
// logged in at any time, each logs in, joins one of --rooms rooms (a few switch rooms later),
// and mostly chats; now and then a query (/users, /who, /history, /leader, /rooms). With
// 1,000 rooms and ~950,000 chat lines every room's history is full (100 lines), so the
// snapshot is as large as the default bounds allow.
if (args.Length == 2 && args[0] == "--time-load") return TimeLoad.Run(args[1]);
var o = Args.Parse(args);
if (Directory.Exists(o.DataDir) && Directory.EnumerateFileSystemEntries(o.DataDir).Any())
{
    Console.Error.WriteLine($"RxChat.Seed: {o.DataDir} is not empty; give a new directory");
    return 64;
}

const string Node = "local"; // the server's default node: its start removes these clients, as after a crash
var rules = ChatRules.Default;
var random = new Random(o.Seed);
var state = ChatState.Create(rules);
var workload = new Workload(random, o.Users, o.Rooms, Node);
var time = new DateTimeOffset(2026, 1, 1, 8, 0, 0, TimeSpan.Zero);
long snapshotAt = 0, snapshotsAsked = 0;
long written = 0;
long lastForced = o.Tail is long t ? o.Entries - t : -1;
var clock = Stopwatch.StartNew();

var log = SqliteCommandLog.Open(o.DataDir);
var run = new List<Stamped>(64);
while (written < o.Entries)
{
    // The forced snapshot of --tail N lands exactly N entries before the end.
    long until = written < lastForced ? lastForced : o.Entries;
    int size = (int)Math.Min(64, until - written);
    run.Clear();
    time = time.AddMilliseconds(random.Next(1, 200));
    for (int i = 0; i < size; i++)
    {
        var (from, command) = written + i == 0 ? (ConnectionId.NodeItself(Node), NodeStarted.Instance) : workload.Next();
        run.Add(new Stamped(from, time, command));
    }
    log.Append(run);
    for (int i = 0; i < run.Count; i++)
        state = Chat.Step(state, new LogEntry(written + i + 1, run[i].Time, run[i].From, run[i].Command)).State with { Position = written + i + 1 };
    written += run.Count;

    if (written == lastForced && o.Tail > 0)
    {
        // A snapshot here, for certain (close and reopen: Dispose waits for the one being written).
        log.Dispose();
        log = SqliteCommandLog.Open(o.DataDir);
        log.SaveSnapshot(state);
        snapshotsAsked++;
        log.Dispose();
        log = SqliteCommandLog.Open(o.DataDir);
        snapshotAt = written;
    }
    else if (o.Tail is not null && written < lastForced && written - snapshotAt >= 10_000)
    {
        log.SaveSnapshot(state); // as the server does; skipped by the log while one is still being written
        snapshotsAsked++;
        snapshotAt = written;
    }
    if (written % 100_000 < 64) Console.Error.Write($"\r{written:N0} entries, {clock.Elapsed.TotalSeconds:F0} s");
}
if (o.Tail == 0)
{
    log.SaveSnapshot(state);
    snapshotsAsked++;
}
log.Dispose(); // waits for the snapshot being written and its compaction
Console.Error.WriteLine();

var db = Path.Combine(o.DataDir, "rxchat.db");
Console.WriteLine($"RxChat.Seed: {written:N0} entries in {clock.Elapsed.TotalSeconds:F1} s into {db} ({new FileInfo(db).Length / 1048576.0:F0} MiB); " +
    $"tail {(o.Tail is null ? "all (no snapshot)" : o.Tail.ToString())}; {snapshotsAsked} snapshots asked; " +
    $"at the end {state.Clients.Count:N0} clients, {state.Rooms.Count:N0} rooms, {state.History.Rooms.Count:N0} histories " +
    $"({state.History.Rooms.Values.Sum(h => h.Lines.Count()):N0} lines)");
return 0;

/// <summary>
/// <c>--time-load DIR</c>: what the server does with the log at start-up, timed step by step
/// (open, read the snapshot, turn it into the state, replay the tail), without the host
/// around it. Opens the log as the server does (it may set WAL on the file); appends nothing.
/// </summary>
static class TimeLoad
{
    public static int Run(string dir)
    {
        var clock = Stopwatch.StartNew();
        var log = SqliteCommandLog.Open(dir);
        var open = clock.Elapsed; clock.Restart();
        var snapshot = log.LatestSnapshot();
        var read = clock.Elapsed; clock.Restart();
        var state = snapshot?.ToState(ChatRules.Default) ?? ChatState.Create(ChatRules.Default);
        var toState = clock.Elapsed; clock.Restart();
        long replayed = 0;
        using (log.Entries(state.Position).SelectMany(b => b).Subscribe(e => { state = Chat.Step(state, e).State; replayed++; })) { }
        var replay = clock.Elapsed;
        // Again, warm: how much of the first pass was compiling (the server runs without tiered compilation).
        clock.Restart();
        var again = snapshot?.ToState(ChatRules.Default) ?? ChatState.Create(ChatRules.Default);
        var toStateWarm = clock.Elapsed; clock.Restart();
        var entries = new List<LogEntry>();
        using (log.Entries(again.Position).SelectMany(b => b).Subscribe(entries.Add)) { }
        var readWarm = clock.Elapsed; clock.Restart();
        foreach (var e in entries) again = Chat.Step(again, e).State;
        var foldWarm = clock.Elapsed;
        Console.WriteLine($"warm: to state {toStateWarm.TotalMilliseconds:F0} ms, read+decode {entries.Count:N0} entries {readWarm.TotalMilliseconds:F0} ms, fold them {foldWarm.TotalMilliseconds:F0} ms");
        log.Dispose();
        Console.WriteLine($"open {open.TotalMilliseconds:F0} ms, snapshot read+parse {read.TotalMilliseconds:F0} ms " +
            $"(at {snapshot?.Position ?? 0:N0}, {snapshot?.Clients.Count ?? 0:N0} clients, {snapshot?.Histories.Sum(h => h.Lines.Count) ?? 0:N0} history lines), " +
            $"to state {toState.TotalMilliseconds:F0} ms, replay of {replayed:N0} entries {replay.TotalMilliseconds:F0} ms");
        return 0;
    }
}

/// <summary>Makes the next command: who sends it, and what.</summary>
sealed class Workload(Random random, int users, int rooms, string node)
{
    private static readonly string[] Words =
        "the build is green again did anyone see my review comments lunch at noon deploy tonight rollback please thanks looks good to me ship it which branch tests pass on mine coffee meeting in five minutes"
        .Split(' ');

    private long _connections;
    private readonly List<ConnectionId> _fresh = [];           // connected, to log in next
    private readonly List<ConnectionId> _loggedIn = [];        // logged in, to join next
    private readonly List<ConnectionId> _members = [];         // in a room: they chat
    private readonly Queue<(ConnectionId, Command)> _pending = new();


    public (ConnectionId From, Command Command) Next()
    {
        if (_pending.Count > 0) return _pending.Dequeue();
        int live = _fresh.Count + _loggedIn.Count + _members.Count;
        if (live < users && random.Next(4) == 0)
        {
            var id = new ConnectionId(node, ++_connections);
            _pending.Enqueue((id, new Login($"user{_connections}")));
            _pending.Enqueue((id, new Join(Room())));
            _members.Add(id);
            return (id, Connected.Instance);
        }
        if (_members.Count == 0) return (new ConnectionId(node, ++_connections), Connected.Instance);
        int pick = random.Next(_members.Count);
        var who = _members[pick];
        int roll = random.Next(1000);
        if (roll < 8 && live >= users / 2)
        {
            _members[pick] = _members[^1];
            _members.RemoveAt(_members.Count - 1);
            return (who, roll < 2 ? Quit.Instance : new Disconnected("closed by peer"));
        }
        if (roll < 13) return (who, new Join(Room()));
        if (roll < 14) return (who, ListUsers.Instance);
        if (roll < 15) return (who, WhoIsHere.Instance);
        if (roll < 16) return (who, new ShowHistory());
        if (roll < 17) return (who, WhoLeads.Instance);
        if (roll < 18) return (who, ListRooms.Instance);
        return (who, new Say(Sentence()));
    }

    private string Room() => $"room-{random.Next(rooms)}";

    private string Sentence()
    {
        int n = random.Next(3, 14);
        var words = new string[n];
        for (int i = 0; i < n; i++) words[i] = Words[random.Next(Words.Length)];
        return string.Join(' ', words);
    }
}

sealed record Args(string DataDir, long Entries, long? Tail, int Users, int Rooms, int Seed)
{
    public static Args Parse(string[] args)
    {
        string? dir = null; long entries = 1_000_000; long? tail = 10_000; int users = 2000, rooms = 1000, seed = 1;
        for (int i = 0; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--data-dir": dir = args[i + 1]; break;
                case "--entries": entries = long.Parse(args[i + 1]); break;
                case "--tail": tail = args[i + 1] == "none" ? null : long.Parse(args[i + 1]); break;
                case "--users": users = int.Parse(args[i + 1]); break;
                case "--rooms": rooms = int.Parse(args[i + 1]); break;
                case "--seed": seed = int.Parse(args[i + 1]); break;
                default: throw new ArgumentException($"unknown switch {args[i]}");
            }
        }
        if (dir is null) throw new ArgumentException("usage: RxChat.Seed --data-dir DIR [--entries N] [--tail 0|N|none] [--users U] [--rooms R] [--seed S]");
        return new Args(dir, entries, tail, users, rooms, seed);
    }
}
