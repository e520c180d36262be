using RxChat.Server.Core;
using RxChat.Server.Log;

namespace RxChat.Tests.Server.Core;

/// <summary>
/// History is bounded in bytes as well as in lines, per room and in all rooms together, as
/// part of the fold: the same log gives the same kept lines on every node and every replay.
/// </summary>
public sealed class HistoryBytesTests
{
    private static readonly string Kilobyte = new('x', 1000);

    private static ChatRules Rules(long perRoomBytes = 1_000_000, long totalBytes = 10_000_000, int perRoom = 100) =>
        new(HistoryPerRoom: perRoom, HistoryPerRoomBytes: perRoomBytes, HistoryTotalBytes: totalBytes);

    private static IEnumerable<string> Kept(ChatDriver chat, string room) => chat.State.History.Latest(room, 1000).Select(s => s.Text);

    [Fact]
    public void A_line_weighs_the_utf8_bytes_of_its_text_user_and_room()
    {
        var said = new Said(new Stamp(1, ChatDriver.Noon), new ConnectionId("n", 1), "zoë", "日本", "<é>");

        Assert.Equal(4 + 6 + 4, HistoryBounds.Weight(said));
    }

    [Fact]
    public void A_room_past_its_bytes_drops_its_oldest_lines_though_it_keeps_fewer_lines_than_it_may()
    {
        // amy in main: each line weighs 1000 + 3 + 4 = 1007 bytes; 3,100 bytes hold three.
        var chat = new ChatDriver(Rules(perRoomBytes: 3_100)).Connect("amy").Join("amy", "main");
        for (int i = 1; i <= 5; i++) chat.Say("amy", $"{i}{Kilobyte[1..]}");

        Assert.Equal(["3", "4", "5"], Kept(chat, "main").Select(t => t[..1]));
        Assert.Equal(3 * 1007, chat.State.History.Rooms["main"].Bytes);
        Assert.Equal(3 * 1007, chat.State.History.Bytes);
    }

    [Fact]
    public void Past_the_total_bytes_the_room_quiet_the_longest_is_forgotten()
    {
        var chat = new ChatDriver(Rules(totalBytes: 3_100)).Connect("amy").Connect("bo").Join("amy", "old").Join("bo", "new");
        chat.Say("amy", Kilobyte).Say("bo", Kilobyte).Say("bo", Kilobyte);
        Assert.Equal(["old", "new"], chat.State.History.Rooms.Keys.Order(StringComparer.Ordinal).Reverse());

        chat.Say("bo", Kilobyte); // 4 × ~1 KB > 3,100: "old" was spoken in least recently

        Assert.Equal(["new"], chat.State.History.Rooms.Keys);
        Assert.Equal(3, Kept(chat, "new").Count());
        Assert.True(chat.State.History.Bytes <= 3_100);
    }

    [Fact]
    public void The_room_spoken_in_is_never_the_one_forgotten_even_when_it_alone_passes_the_total()
    {
        var chat = new ChatDriver(Rules(perRoomBytes: 1_000_000, totalBytes: 2_100)).Connect("amy").Join("amy", "main");
        for (int i = 0; i < 4; i++) chat.Say("amy", Kilobyte);

        Assert.Equal(2, Kept(chat, "main").Count()); // the room is held to the total, not emptied
        Assert.True(chat.State.History.Bytes <= 2_100);
    }

    [Fact]
    public void Resume_is_incomplete_when_a_line_after_the_position_was_dropped_for_bytes()
    {
        var chat = new ChatDriver(Rules(perRoomBytes: 2_100)).Connect("amy").Join("amy", "main");
        chat.Say("amy", "short");
        long seen = chat.State.Position;
        chat.Say("amy", Kilobyte).Say("amy", Kilobyte).Say("amy", Kilobyte);

        chat.Send("amy", new Resume(seen));
        var missed = Assert.IsType<MissedLines>(Assert.IsType<Answered>(Assert.Single(chat.Events)).Answer);
        Assert.Equal(2, missed.Lines.Count); // 3 lines < 100 per room, yet one was dropped
        Assert.False(missed.Complete);

        long now = chat.State.History.Rooms["main"].Lines.Peek().At.Position - 1;
        chat.Send("amy", new Resume(now));
        Assert.True(Assert.IsType<MissedLines>(Assert.IsType<Answered>(Assert.Single(chat.Events)).Answer).Complete);
    }

    [Fact]
    public void A_snapshot_keeps_the_bytes_and_what_was_dropped_so_a_restart_folds_on_alike()
    {
        var rules = Rules(perRoomBytes: 2_100, totalBytes: 5_000);
        var chat = new ChatDriver(rules).Connect("amy").Connect("bo").Join("amy", "main").Join("bo", "side");
        for (int i = 0; i < 3; i++) chat.Say("amy", Kilobyte).Say("bo", "hi");

        var loaded = LogJson.DeserializeSnapshot(LogJson.Serialize(ChatSnapshot.Of(chat.State))).ToState(rules);

        Assert.Equal(chat.State.History.Bytes, loaded.History.Bytes);
        foreach (var (room, history) in chat.State.History.Rooms)
        {
            Assert.Equal(history.Bytes, loaded.History.Rooms[room].Bytes);
            Assert.Equal(history.DroppedThrough, loaded.History.Rooms[room].DroppedThrough);
            Assert.Equal(history.Lines, loaded.History.Rooms[room].Lines);
        }
    }

    [Fact]
    public void Smaller_byte_bounds_trim_a_loaded_snapshot()
    {
        var chat = new ChatDriver(Rules()).Connect("amy").Connect("bo").Join("amy", "main").Join("bo", "side");
        for (int i = 0; i < 4; i++) chat.Say("bo", Kilobyte).Say("amy", Kilobyte);

        var loaded = ChatSnapshot.Of(chat.State).ToState(Rules(perRoomBytes: 2_100, totalBytes: 3_000));

        Assert.Equal(["main"], loaded.History.Rooms.Keys); // side was spoken in least recently
        Assert.Equal(2, loaded.History.Rooms["main"].Count);
        Assert.True(loaded.History.Bytes <= 3_000);
        Assert.True(loaded.History.Rooms["main"].DroppedThrough > 0);
    }

    [Fact]
    public void A_snapshot_from_before_byte_bounds_reads_a_full_room_as_possibly_incomplete()
    {
        var rules = Rules(perRoom: 2);
        var chat = new ChatDriver(rules).Connect("amy").Join("amy", "main");
        chat.Say("amy", "one").Say("amy", "two");
        var old = ChatSnapshot.Of(chat.State) is var s
            ? s with { Histories = [.. s.Histories.Select(h => h with { DroppedThrough = null })] }
            : null!;

        var history = old.ToState(rules).History.Rooms["main"];

        Assert.Equal(history.Lines.Peek().At.Position - 1, history.DroppedThrough);
    }

    [Fact]
    public void Rooms_lists_at_most_its_bound_by_name_and_says_how_many_it_left_out()
    {
        var chat = new ChatDriver(new ChatRules(RoomsListed: 2)).Connect("a").Connect("b").Connect("c").Connect("d");
        chat.Join("a", "delta").Join("b", "alpha").Join("c", "charlie").Join("d", "bravo");

        chat.Send("a", ListRooms.Instance);

        Assert.Equal(["Rooms: alpha (1), bravo (1), 2 more"], chat.LinesTo("a"));
        var list = Assert.IsType<RoomList>(Assert.IsType<Answered>(Assert.Single(chat.Events)).Answer);
        Assert.Equal(2, list.LeftOut);
    }

    [Fact]
    public void Rooms_within_its_bound_says_nothing_more()
    {
        var chat = new ChatDriver(new ChatRules(RoomsListed: 2)).Connect("a").Connect("b");
        chat.Join("a", "delta").Join("b", "alpha");

        chat.Send("a", ListRooms.Instance);

        Assert.Equal(["Rooms: alpha (1), delta (1)"], chat.LinesTo("a"));
    }
}
