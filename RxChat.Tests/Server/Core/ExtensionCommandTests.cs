using RxChat.Server.Core;

namespace RxChat.Tests.Server.Core;

/// <summary>PROTOCOL.md Part 3's commands, decided by the core and said by the text codec.</summary>
public sealed class ExtensionCommandTests
{
    [Fact]
    public void Who_lists_the_members_of_my_room_in_connection_order_with_the_leader_marked()
    {
        var chat = new ChatDriver().Connect("amy").Connect("bo").Connect("cy")
            .Join("cy", "main").Join("amy", "main").Join("bo", "side");
        chat.Send("cy", WhoIsHere.Instance);
        Assert.Equal([("cy", "Members of main: amy (leader), cy")], chat.Told);
        Assert.Equal(new RoomMembers("main", ["amy", "cy"], "amy"), Assert.IsType<Answered>(Assert.Single(chat.Events)).Answer);
    }

    [Fact]
    public void Who_outside_a_room_asks_to_join_one_first()
    {
        var chat = new ChatDriver().Connect("amy").Send("amy", WhoIsHere.Instance);
        Assert.Equal([("amy", "Join a room first using /join <room>")], chat.Told);
    }

    [Fact]
    public void Rooms_lists_every_room_by_name_with_its_member_count()
    {
        var chat = new ChatDriver().Connect("amy");
        chat.Send("amy", ListRooms.Instance);
        Assert.Equal([("amy", "No rooms yet")], chat.Told);

        chat.Connect("bo").Connect("cy").Join("bo", "main").Join("cy", "main").Join("amy", "dev");
        chat.Send("amy", ListRooms.Instance);
        Assert.Equal([("amy", "Rooms: dev (1), main (2)")], chat.Told);
    }

    [Fact]
    public void History_shows_the_latest_lines_of_my_room_framed_and_capped_at_what_is_kept()
    {
        var chat = new ChatDriver(new ChatRules(HistoryPerRoom: 3)).Connect("amy").Join("amy", "main");
        foreach (var text in new[] { "one", "two", "three", "four" }) chat.Say("amy", text);

        chat.Send("amy", new ShowHistory(10));
        Assert.Equal(
        [
            "--- 3 earlier messages in main ---",
            "[12:34:56] amy: two",
            "[12:34:56] amy: three",
            "[12:34:56] amy: four",
            "--- end of history ---",
        ], chat.LinesTo("amy"));

        chat.Send("amy", new ShowHistory(1));
        Assert.Equal(["--- 1 earlier message in main ---", "[12:34:56] amy: four", "--- end of history ---"], chat.LinesTo("amy"));
    }

    [Fact]
    public void History_of_a_room_without_chat_says_so_and_outside_a_room_asks_to_join()
    {
        var chat = new ChatDriver().Connect("amy");
        chat.Send("amy", new ShowHistory());
        Assert.Equal([("amy", "Join a room first using /join <room>")], chat.Told);
        chat.Join("amy", "main").Send("amy", new ShowHistory());
        Assert.Equal([("amy", "No earlier messages in main")], chat.Told);
        chat.Send("amy", new Misused(CommandName.History));
        Assert.Equal([("amy", "Usage: /history [n]")], chat.Told);
    }

    [Fact]
    public void A_joiner_sees_the_configured_number_of_latest_lines_with_their_original_times()
    {
        var chat = new ChatDriver(new ChatRules(HistoryOnJoin: 2)).Connect("amy").Join("amy", "main");
        chat.Say("amy", "early");
        chat.Clock = chat.Clock.AddMinutes(1);
        chat.Say("amy", "middle");
        chat.Say("amy", "late");
        chat.Clock = chat.Clock.AddHours(1);
        chat.Connect("bo").Join("bo", "main");
        Assert.Equal(
        [
            "You joined room main",
            "--- 2 earlier messages in main ---",
            "[12:35:56] amy: middle",
            "[12:35:56] amy: late",
            "--- end of history ---",
        ], chat.LinesTo("bo"));
        Assert.Equal(["[13:35:56] bo joined the room"], chat.LinesTo("amy"));
    }

    [Fact]
    public void History_on_join_can_be_turned_off()
    {
        var chat = new ChatDriver(new ChatRules(HistoryOnJoin: 0)).Connect("amy").Join("amy", "main").Say("amy", "hi");
        chat.Connect("bo").Join("bo", "main");
        Assert.Equal(["You joined room main"], chat.LinesTo("bo"));
        chat.Send("bo", new ShowHistory(5));
        Assert.Equal(3, chat.LinesTo("bo").Count); // still there on request
    }

    [Fact]
    public void Only_the_most_recently_active_rooms_keep_their_history()
    {
        var chat = new ChatDriver(new ChatRules(HistoryRooms: 2)).Connect("amy");
        foreach (var room in new[] { "a", "b", "c" }) chat.Join("amy", room).Say("amy", $"in {room}");
        chat.Join("amy", "b").Say("amy", "b again"); // b is now more recent than c
        chat.Join("amy", "d").Say("amy", "in d");     // a third room: the quietest (c) is forgotten
        Assert.Equal(["b", "d"], chat.State.History.Rooms.Keys.Order());
    }

    [Fact]
    public void Help_lists_the_commands()
    {
        var chat = new ChatDriver().Connect("amy").Send("amy", Help.Instance);
        var lines = chat.LinesTo("amy");
        foreach (var command in new[] { "/join", "/who", "/rooms", "/users", "/leader", "/history", "/help", "quit" })
            Assert.Contains(lines, line => line.Contains(command, StringComparison.Ordinal));
    }
}
