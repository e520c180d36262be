using RxChat.Server.Core;

namespace RxChat.Tests.Server.Core;

/// <summary>
/// A command that names a room (IRC's <c>TOPIC #room</c>, <c>KICK #room</c>) acts on the
/// sender's room only when it is the one named; another room's is refused and left alone.
/// </summary>
public sealed class NamedRoomTests
{
    private static ChatDriver AmyLeadsMainBobInGames() =>
        new ChatDriver().Connect("amy").Join("amy", "main").Connect("bob").Join("bob", "games").Connect("cid").Join("cid", "main");

    [Fact]
    public void A_topic_for_another_room_is_neither_set_nor_told()
    {
        var chat = AmyLeadsMainBobInGames();
        chat.Send("amy", new SetTopic("ours", "games"));
        Assert.Equal(["You are not in room games"], chat.LinesTo("amy"));
        Assert.Null(chat.State.FindRoom("games")!.Topic);
        Assert.Null(chat.State.FindRoom("main")!.Topic);

        chat.Send("amy", new SetTopic("ours", "main"));
        Assert.Equal("ours", chat.State.FindRoom("main")!.Topic!.Text);
        chat.Send("amy", new ShowTopic("games"));
        Assert.Equal(["You are not in room games"], chat.LinesTo("amy")); // not main's topic in games' place
    }

    [Fact]
    public void A_kick_in_another_room_removes_nobody()
    {
        var chat = AmyLeadsMainBobInGames();
        chat.Send("amy", new Kick("bob", Room: "games"));
        Assert.Equal(["You are not in room games"], chat.LinesTo("amy"));
        Assert.Empty(chat.LinesTo("bob"));
        chat.Send("amy", new Kick("cid", Room: "main"));
        Assert.Equal(["You were removed from main by amy"], chat.LinesTo("cid"));
    }
}
