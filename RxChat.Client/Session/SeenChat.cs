using System.Collections.Immutable;
using RxChat.Client.Lines;
using RxChat.Protocol;

namespace RxChat.Client.Session;

/// <summary>
/// The chat lines the user has seen in their room, newest last — to tell, after a reconnect,
/// the room's replayed history from what is new in it. Pure: each step returns a new memory.
/// </summary>
/// <remarks>
/// Lines are compared whole, stamp included, so a line said twice in one second is two lines
/// and counts twice. The user's own lines are the exception: the client echoed them with its
/// own clock, the server's history carries the server's, so they compare without the stamp.
/// History shown right after joining was seen in order and counts; a <c>/history</c> the user
/// asked for shows older lines again, which must not count twice.
/// </remarks>
/// <param name="Room">The room these lines were said in.</param>
/// <param name="Keys">Each line as it compares (<see cref="Key"/>), at most <see cref="Capacity"/>.</param>
/// <param name="JustJoined">The join's history frame may still come: its lines are seen for the first time.</param>
internal sealed record SeenChat(string? Room, ImmutableQueue<string> Keys, int Count, bool JustJoined)
{
    /// <summary>More than a room's history keeps (100) or replays on joining (20): older lines cannot come back.</summary>
    public const int Capacity = 200;

    public static SeenChat Nothing { get; } = new(null, [], 0, false);

    /// <summary>After the user saw <paramref name="line"/> (logged in as <paramref name="me"/>).</summary>
    public SeenChat Saw(ServerLine line, string me)
    {
        if (line.Shape == ServerLines.JoinedRoom)
            return line.Room == Room ? this with { JustJoined = true } : new(line.Room, [], 0, true);
        return line.Kind switch
        {
            LineKind.HistoryFrame when line.Shape == ServerLines.HistoryEnd => this with { JustJoined = false },
            LineKind.HistoryFrame or LineKind.OwnCommand => this,
            LineKind.History => JustJoined ? Add(Key(line, me)) : this,
            LineKind.OwnChat => Add(Key(line, me)),   // typed meanwhile: the frame may go on
            LineKind.Chat => Add(Key(line, me)) with { JustJoined = false },
            _ => this with { JustJoined = false },
        };
    }

    /// <summary>
    /// How many lines at the start of <paramref name="replay"/> (the room's latest lines, oldest
    /// first) the user has seen: the replay is what they saw before the connection dropped,
    /// then what was said while they were away. Each seen line answers for one replayed line.
    /// </summary>
    public int AlreadySeen(IReadOnlyList<ServerLine> replay, string me)
    {
        var unmatched = Keys.GroupBy(key => key).ToDictionary(group => group.Key, group => group.Count());
        var seen = 0;
        foreach (var line in replay)
        {
            if (!unmatched.TryGetValue(Key(line, me), out var left) || left == 0) break;
            unmatched[Key(line, me)] = left - 1;
            seen++;
        }
        return seen;
    }

    private SeenChat Add(string key) =>
        Count < Capacity ? this with { Keys = Keys.Enqueue(key), Count = Count + 1 } : this with { Keys = Keys.Dequeue().Enqueue(key) };

    private static string Key(ServerLine line, string me) =>
        line.User == me && line.Message is { } said ? $"\n{me}: {said}" : line.Text;   // a line never holds \n
}
