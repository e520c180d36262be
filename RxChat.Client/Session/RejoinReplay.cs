using System.Collections.Immutable;
using RxChat.Client.Lines;
using RxChat.Protocol;

namespace RxChat.Client.Session;

/// <summary>
/// After a reconnect the client joins its room again, and the server replays the room's
/// latest lines (20 by default) — most of which the user saw before the connection dropped.
/// This fold over the new connection's lines holds that one history frame back until it
/// ends, then lets through only the lines not seen before (<see cref="SeenChat.AlreadySeen"/>),
/// in a frame that counts them; nothing at all when every line was seen. Every other line,
/// and every later frame (<c>/history</c>, another room), passes as it came. Pure, for <c>Scan</c>.
/// </summary>
/// <param name="Room">The room being joined again; null when there is nothing to hold back.</param>
/// <param name="Phase">Where the fold is in waiting for the rejoin's frame.</param>
/// <param name="Header">The held frame's first line.</param>
/// <param name="Held">The held frame's lines.</param>
/// <param name="Shown">What to show for the latest line: none while holding, the rest of a frame when it ends.</param>
internal sealed record RejoinReplay(string? Room, RejoinPhase Phase, ServerLine? Header, ImmutableList<ServerLine> Held, IReadOnlyList<ServerLine> Shown)
{
    /// <summary>A connection that joins nothing again: every line as it comes.</summary>
    public static RejoinReplay None { get; } = new(null, RejoinPhase.Done, null, [], []);

    public static RejoinReplay Rejoining(string room) => new(room, RejoinPhase.WaitingForJoin, null, [], []);

    /// <param name="alreadySeen">How many lines at the start of a replay the user has seen.</param>
    public RejoinReplay Next(ServerLine line, Func<IReadOnlyList<ServerLine>, int> alreadySeen) => Phase switch
    {
        RejoinPhase.WaitingForJoin when line.Shape == ServerLines.JoinedRoom && line.Room == Room =>
            this with { Phase = RejoinPhase.Joined, Shown = [line] },
        RejoinPhase.Joined when line.Count is not null => this with { Phase = RejoinPhase.Holding, Header = line, Shown = [] },
        RejoinPhase.Joined => this with { Phase = RejoinPhase.Done, Shown = [line] },   // the room kept no history
        RejoinPhase.Holding when line.Kind == LineKind.History => this with { Held = Held.Add(line), Shown = [] },
        RejoinPhase.Holding => Release(line, alreadySeen(Held)),
        _ => this with { Shown = [line] },
    };

    /// <summary>The frame ended (with <paramref name="line"/>, its end line or whatever came instead): the unseen part of it.</summary>
    private RejoinReplay Release(ServerLine line, int seen)
    {
        var unseen = Held.Skip(seen).ToList();
        var ended = line.Shape == ServerLines.HistoryEnd;
        List<ServerLine> shown = [];
        if (unseen.Count > 0) shown = [seen == 0 ? Header! : Frame(unseen.Count), .. unseen];
        if (!ended || unseen.Count > 0) shown.Add(line);
        return this with { Phase = RejoinPhase.Done, Header = null, Held = [], Shown = shown };
    }

    /// <summary>The frame's first line, in the server's words, counting only the lines shown.</summary>
    private ServerLine Frame(int count) => ServerLineClassifier.Classify(count == 1
        ? ServerLines.HistoryStartOne.Render(Room!)
        : ServerLines.HistoryStart.Render(count.ToString(System.Globalization.CultureInfo.InvariantCulture), Room!));
}

internal enum RejoinPhase
{
    /// <summary>The rejoin was sent; <c>You joined room X</c> has not come yet.</summary>
    WaitingForJoin,

    /// <summary>Joined: a history frame may come next.</summary>
    Joined,

    /// <summary>Inside the rejoin's history frame, holding its lines back.</summary>
    Holding,

    /// <summary>Nothing more to hold back on this connection.</summary>
    Done,
}
