using RxChat.Server.Core;

namespace RxChat.Simulation;

/// <summary>
/// Deliberately broken variants, to show the invariants catch real mistakes. Each wraps the
/// server's rules or log instead of copying them.
/// </summary>
public static class Mutants
{
    /// <summary>
    /// Rules that elect the latest-connected member: after the real step, each room's latest
    /// member is moved to the front of its member list, which is what <see cref="Room.Leader"/> reads.
    /// </summary>
    public static readonly FoldRule LatestLeads = (state, entry, route) =>
    {
        var step = Chat.Step(state, entry, route);
        var rooms = step.State.Rooms;
        foreach (var (name, room) in rooms)
            if (room.Members.Length > 1 && room.Members[^1] is var latest && room.Members[0] != latest)
                rooms = rooms.SetItem(name, room with { Members = [latest, .. room.Members.RemoveAt(room.Members.Length - 1)] });
        return new ChatStep(step.State with { Rooms = rooms }, step.Happened, step.Skipped);
    };

    /// <summary>The names the <c>simulate</c> command accepts for <c>--mutant</c>.</summary>
    public static readonly IReadOnlyList<string> Names = ["none", "latest-leads", "no-dedup"];
}
