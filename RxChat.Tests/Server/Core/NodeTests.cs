using RxChat.Server.Core;

namespace RxChat.Tests.Server.Core;

/// <summary>
/// Nodes in the log: a node starting or stopping removes only its own clients, and the
/// order of connecting is the log's, whatever the nodes' own counters say.
/// </summary>
public sealed class NodeTests
{
    [Fact]
    public void Connection_order_is_the_log_position_of_connecting_not_a_node_counter()
    {
        var chat = new ChatDriver()
            .Connect("late-counter", node: "n2")   // n2's connection #1, first in the log
            .Connect("a", node: "n1").Connect("b", node: "n1").Connect("c", node: "n1")
            .Connect("early-counter", node: "n1"); // n1's #4 …
        chat.Join("a", "main").Join("late-counter", "main");
        Assert.Equal("late-counter", chat.State.LeaderOf(chat.State.Rooms["main"]));
        chat.Send("a", ListUsers.Instance);
        Assert.Equal([("a", "Users: late-counter, a, b, c, early-counter")], chat.Told);
    }

    [Fact]
    public void A_node_stopping_tells_only_its_own_connections_and_the_others_hear_that_its_users_left()
    {
        var chat = new ChatDriver()
            .Connect("amy", node: "n1").Connect("bo", node: "n2").Connect("cy", node: "n1")
            .Join("amy", "main").Join("bo", "main").Join("cy", "side");

        chat.FromNode("n1", NodeStopping.Instance);

        Assert.Equal(
        [
            ("amy", "Server is shutting down"),
            ("cy", "Server is shutting down"),
            ("bo", "[12:34:56] amy left the room main"),
            ("bo", "[12:34:56] cy left the room side"),
            ("bo", "[12:34:56] bo is now the leader of main"),
        ], chat.Told);
        Assert.Equal(["amy", "cy"], chat.HungUp);
        Assert.Equal([chat.Id("bo")], chat.State.Clients.Keys);
        Assert.Equal(["main"], chat.State.Rooms.Keys);
    }

    [Fact]
    public void A_node_starting_removes_its_clients_of_an_earlier_run_quietly_for_them()
    {
        var chat = new ChatDriver()
            .Connect("amy", node: "n1").Connect("bo", node: "n2")
            .Join("amy", "main").Join("bo", "main");

        chat.FromNode("n1", NodeStarted.Instance); // n1 died without a word and came back

        Assert.Equal(
        [
            ("bo", "[12:34:56] amy left the room main"),
            ("bo", "[12:34:56] bo is now the leader of main"),
        ], chat.Told);
        Assert.Equal([chat.Id("bo")], chat.State.Clients.Keys);
        Assert.False(chat.State.Usernames.ContainsKey("amy"));
    }

    [Fact]
    public void A_node_starting_with_no_clients_decides_nothing()
    {
        var chat = new ChatDriver().Connect("bo", node: "n2").FromNode("n1", NodeStarted.Instance);
        Assert.Empty(chat.Events);
    }
}
