using RxChat.Client.Lines;
using RxChat.Client.Session;

namespace RxChat.Tests.Client.Session;

public class RoomMemoryTests
{
    private static RoomMemory After(RoomMemory memory, params string[] sentThenReceived)
    {
        foreach (var step in sentThenReceived)
            memory = step.StartsWith("> ", StringComparison.Ordinal)
                ? memory.Sent(step[2..])
                : memory.Received(ServerLineClassifier.Classify(step));
        return memory;
    }

    [Fact]
    public void The_room_is_the_one_the_server_confirmed_after_our_join()
    {
        Assert.Equal("study group", After(RoomMemory.Nowhere, "> /join   study group  ", "You joined room study group").Room);
    }

    [Fact]
    public void A_join_reply_without_our_join_is_not_trusted()
    {
        Assert.Null(After(RoomMemory.Nowhere, "You joined room main").Room);
    }

    [Fact]
    public void A_refused_join_changes_nothing()
    {
        var inMain = After(RoomMemory.Nowhere, "> /join main", "You joined room main");
        Assert.Equal("main", After(inMain, "> /join", "Usage: /join <room>").Room);
        Assert.Equal("main", After(inMain, "> /joinx", "Unknown command").Room);
    }

    [Fact]
    public void Room_replies_state_the_room_outright()
    {
        Assert.Equal("main", After(RoomMemory.Nowhere, "You are in room main").Room);
        Assert.Equal("dev", After(RoomMemory.Nowhere, "> /join dev", "You are already in room dev").Room);
        Assert.Null(After(new RoomMemory("main", false), "You are not in any room").Room);
    }

    [Fact]
    public void Chat_cannot_move_us()
    {
        var inMain = After(RoomMemory.Nowhere, "> /join main", "You joined room main", "> /join dev");
        Assert.Equal("main", After(inMain, "[12:34:56] bob: You joined room evil").Room);
    }

    [Fact]
    public void A_new_connection_keeps_the_room_to_rejoin()
    {
        var pending = After(RoomMemory.Nowhere, "> /join main", "You joined room main", "> /join dev");
        Assert.Equal(new RoomMemory(null, false, Rejoin: "main"), pending.Reconnected());
    }

    [Fact]
    public void A_second_reconnect_before_the_rejoin_still_remembers_the_room()
    {
        var inMain = After(RoomMemory.Nowhere, "> /join main", "You joined room main");
        Assert.Equal("main", inMain.Reconnected().Reconnected().Rejoin);
        Assert.Equal(new RoomMemory("main", false), After(inMain.Reconnected(), "> /join main", "You joined room main"));
    }

    [Fact]
    public void Chat_goes_out_once_a_room_is_confirmed_or_a_join_is_on_its_way()
    {
        Assert.False(RoomMemory.Nowhere.CanChat);
        Assert.True(After(RoomMemory.Nowhere, "> /join main").CanChat);
        Assert.False(After(RoomMemory.Nowhere, "> /join main", "Room name too long (max 64 characters)").CanChat);
        Assert.True(After(RoomMemory.Nowhere, "> /join main", "You joined room main").CanChat);
        Assert.False(After(RoomMemory.Nowhere, "> /join main", "You joined room main").Reconnected().CanChat);
    }
}
