using RxChat.Client.Lines;
using RxChat.Client.Session;

namespace RxChat.Tests.Client.Session;

/// <summary>
/// After a reconnect, the history the server replays on rejoining shows only what the user
/// had not seen: the folds the client runs over its lines, fed in memory as the socket would.
/// </summary>
public class RejoinReplayTests
{
    private const string Me = "zed";
    private const string A = "[12:00:01] bob: morning";
    private const string B = "[12:00:02] amy: hi bob";
    private const string C = "[12:00:03] bob: deploy is out";
    private const string D = "[12:00:09] amy: said while zed was away";
    private const string E = "[12:00:10] bob: so was this";
    private const string End = "--- end of history ---";

    /// <summary>What the user saw on the first connection, line by line as the client shows them.</summary>
    private static SeenChat Saw(params string[] received)
    {
        var seen = SeenChat.Nothing;
        var reading = LineReading.Start;
        foreach (var line in received)
        {
            reading = LineReading.Next(reading, line);
            seen = seen.Saw(reading.Line!, Me);
        }
        return seen;
    }

    /// <summary>What the new connection shows of <paramref name="received"/>, rejoining main.</summary>
    private static List<string> Rejoin(SeenChat seen, params string[] received)
    {
        var shown = new List<string>();
        var reading = LineReading.Start;
        var replay = RejoinReplay.Rejoining("main");
        foreach (var line in received)
        {
            reading = LineReading.Next(reading, line);
            replay = replay.Next(reading.Line!, lines => seen.AlreadySeen(lines, Me));
            foreach (var each in replay.Shown)
            {
                shown.Add(each.Text);
                seen = seen.Saw(each, Me);
            }
        }
        return shown;
    }

    private static string[] Frame(params string[] lines) =>
        [lines.Length == 1 ? "--- 1 earlier message in main ---" : $"--- {lines.Length} earlier messages in main ---", .. lines, End];

    [Fact]
    public void Only_the_lines_said_while_away_are_shown_in_a_frame_that_counts_them()
    {
        var seen = Saw(["You joined room main", A, B, C]);

        var shown = Rejoin(seen, ["Welcome to the chat server!", "You joined room main", .. Frame(A, B, C, D, E), "[12:00:11] bob: welcome back"]);

        Assert.Equal(["Welcome to the chat server!", "You joined room main",
            "--- 2 earlier messages in main ---", D, E, End, "[12:00:11] bob: welcome back"], shown);
    }

    [Fact]
    public void A_replay_of_nothing_new_shows_nothing_of_it()
    {
        var seen = Saw(["You joined room main", .. Frame(A), B, C]);

        Assert.Equal(["You joined room main", "[12:00:11] bob: back?"],
            Rejoin(seen, ["You joined room main", .. Frame(A, B, C), "[12:00:11] bob: back?"]));
    }

    [Fact]
    public void When_more_was_missed_than_replayed_the_servers_frame_is_shown_whole()
    {
        var seen = Saw(["You joined room main", A]);

        Assert.Equal(["You joined room main", .. Frame(D, E)], Rejoin(seen, ["You joined room main", .. Frame(D, E)]));
    }

    [Fact]
    public void A_line_said_twice_in_one_second_and_seen_once_is_shown_once_more()
    {
        var seen = Saw(["You joined room main", A, B]);

        Assert.Equal(["You joined room main", .. Frame(B)], Rejoin(seen, ["You joined room main", .. Frame(A, B, B)]));
    }

    [Fact]
    public void Own_lines_count_as_seen_though_the_client_stamped_them_with_its_own_clock()
    {
        var seen = Saw(["You joined room main", A]).Saw(LocalLines.OwnChat(Me, "on it", new TimeOnly(12, 0, 4)), Me);

        Assert.Equal(["You joined room main", .. Frame(D)],
            Rejoin(seen, ["You joined room main", .. Frame(A, "[12:00:05] zed: on it", D)]));
    }

    [Fact]
    public void History_asked_for_again_does_not_count_twice()
    {
        // A was seen on joining, then again through /history: still one line seen, so a
        // second A in the replay (said in the same second while away) is new.
        var seen = Saw(["You joined room main", .. Frame(A), B, .. Frame(A, B)]);

        Assert.Equal(["You joined room main", .. Frame(A)], Rejoin(seen, ["You joined room main", .. Frame(A, B, A)]));
    }

    [Fact]
    public void Only_the_rejoins_frame_is_filtered_a_later_history_passes_whole()
    {
        var seen = Saw(["You joined room main", A, B]);

        Assert.Equal(["You joined room main", .. Frame(C), "> /history", .. Frame(A, B, C)],
            Rejoin(seen, ["You joined room main", .. Frame(A, B, C), "> /history", .. Frame(A, B, C)]));
    }

    [Fact]
    public void What_was_seen_in_another_room_does_not_hide_lines_of_this_one()
    {
        var seen = Saw(["You joined room main", A, "You joined room dev", B]);

        Assert.Equal(["You joined room main", .. Frame(A, B)], Rejoin(seen, ["You joined room main", .. Frame(A, B)]));
    }

    [Fact]
    public void A_room_without_history_passes_its_lines_at_once()
    {
        Assert.Equal(["You joined room main", A], Rejoin(Saw(["You joined room main"]), ["You joined room main", A]));
    }

    [Fact]
    public void The_memory_is_bounded()
    {
        var seen = SeenChat.Nothing.Saw(LineReading.Next(LineReading.Start, "You joined room main").Line!, Me);
        for (var i = 0; i < SeenChat.Capacity + 50; i++)
            seen = seen.Saw(LineReading.Next(LineReading.Start, $"[12:00:00] bob: {i}").Line!, Me);
        Assert.Equal(SeenChat.Capacity, seen.Count);
    }
}
