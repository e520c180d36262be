using RxChat.Client.Lines;
using RxChat.Client.Session;

namespace RxChat.Tests.Client.Session;

/// <summary>What the client does not send, so nothing is shown as said that nobody got.</summary>
public class LocalRefusalTests
{
    private static readonly RoomMemory InMain = new("main", false);

    [Fact]
    public void A_message_outside_a_room_is_refused_locally()
    {
        Assert.Equal(LocalLines.NotInARoom, LocalRefusal.Of("hello", RoomMemory.Nowhere));
        Assert.Equal("Not sent: you are not in a room. Join one first with /join <room>.", LocalRefusal.Of("hello", RoomMemory.Nowhere)!.Text);
    }

    [Theory]
    [InlineData("/join main")]
    [InlineData("/users")]
    [InlineData("  /rooms")]
    public void Commands_go_out_from_anywhere(string line) => Assert.Null(LocalRefusal.Of(line, RoomMemory.Nowhere));

    [Fact]
    public void A_message_goes_out_in_a_room_or_right_after_a_join()
    {
        Assert.Null(LocalRefusal.Of("hello", InMain));
        Assert.Null(LocalRefusal.Of("hello", RoomMemory.Nowhere.Sent("/join main")));
    }

    [Fact]
    public void A_line_over_4096_bytes_is_refused_whole_with_its_size()
    {
        var line = new string('é', 2100);   // 4,200 bytes
        var refusal = LocalRefusal.Of(line, InMain);
        Assert.Equal("Not sent: the line is 4,200 bytes, the server takes at most 4,096.", refusal!.Text);
        Assert.Null(LocalRefusal.Of(new string('x', 4096), InMain));
        Assert.NotNull(LocalRefusal.Of("/join " + new string('x', 4091), InMain));   // commands too
    }
}
