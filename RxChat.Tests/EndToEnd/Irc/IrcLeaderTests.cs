using RxChat.Tests.Support;

namespace RxChat.Tests.EndToEnd.Irc;

/// <summary>Direct messages, actions, topics and kicks between IRC and TCP users: the leader's powers, 482 for anyone else.</summary>
public sealed class IrcLeaderTests
{
    [Fact]
    public async Task A_direct_message_goes_between_an_IRC_user_and_a_TCP_user_both_ways_and_nobody_else_sees_it()
    {
        await using var server = await IrcServer.StartAsync();
        await using var amy = await LineClient.LogInAsync(server.Port, "amy");
        await using var bob = await IrcPeer.RegisterAsync(server.Irc(), "bob");
        await using var cid = await IrcPeer.RegisterAsync(server.Irc(), "cid");

        await bob.SendAsync("PRIVMSG amy :psst from irc");
        Assert.Matches(@"^\[\d\d:\d\d:\d\d\] bob -> amy: psst from irc$", await amy.ReadLineAsync());
        await amy.SendLineAsync("/msg bob psst from tcp");
        Assert.Matches(@"^\[\d\d:\d\d:\d\d\] amy -> bob: psst from tcp$", await amy.ReadLineAsync()); // the sender's copy
        Assert.Equal(":amy!amy@local PRIVMSG bob :psst from tcp", await bob.ReadAsync());
        await bob.SendAsync("NOTICE amy :a notice is a message too");
        Assert.Matches(@"^\[\d\d:\d\d:\d\d\] bob -> amy: a notice is a message too$", await amy.ReadLineAsync());
        await bob.ExpectNothingMoreAsync(); // an IRC client shows its own message itself
        await cid.ExpectNothingMoreAsync();
    }

    [Fact]
    public async Task An_action_is_CTCP_ACTION_on_IRC_and_a_star_line_on_TCP()
    {
        await using var server = await IrcServer.StartAsync();
        await using var amy = await LineClient.LogInAsync(server.Port, "amy");
        await amy.SendLineAsync("/join main");
        await amy.ReadLineAsync();
        await using var bob = await IrcPeer.RegisterAsync(server.Irc(), "bob");
        await bob.SendAsync("JOIN #main");
        await bob.ReadThroughAsync("366");
        await amy.ReadLineAsync();

        await bob.SendAsync("PRIVMSG #main :\u0001ACTION waves\u0001");
        Assert.Matches(@"^\[\d\d:\d\d:\d\d\] \* bob waves$", await amy.ReadLineAsync());
        await amy.SendLineAsync("/me waves back");
        Assert.Equal(":amy!amy@local PRIVMSG #main :\u0001ACTION waves back\u0001", await bob.ReadAsync());
    }

    [Fact]
    public async Task The_leader_sets_the_topic_and_kicks_and_anyone_else_is_482()
    {
        await using var server = await IrcServer.StartAsync();
        await using var bob = await IrcPeer.RegisterAsync(server.Irc(), "bob"); // connected first: leads
        await bob.SendAsync("JOIN #main");
        await bob.ReadThroughAsync("366");
        await using var amy = await LineClient.LogInAsync(server.Port, "amy");
        await amy.SendLineAsync("/join main");
        await amy.ReadLineAsync();
        await using var cid = await IrcPeer.RegisterAsync(server.Irc(), "cid");
        await cid.SendAsync("JOIN #main");
        Assert.Contains(":rxchat 331 cid #main :No topic is set", await cid.ReadThroughAsync("366"));
        Assert.Equal(":amy!amy@local JOIN #main", await bob.ReadAsync());
        Assert.Equal(":cid!cid@local JOIN #main", await bob.ReadAsync());

        await bob.SendAsync("TOPIC #main :welcome to main");
        Assert.Equal(":bob!bob@local TOPIC #main :welcome to main", await bob.ReadAsync());
        Assert.Equal(":bob!bob@local TOPIC #main :welcome to main", await cid.ReadAsync());
        Assert.Matches(@"bob set the topic of main: welcome to main$", (await amy.ReadLinesAsync(2))[1]); // after cid's join
        await cid.SendAsync("TOPIC #main");
        Assert.Equal(":rxchat 332 cid #main :welcome to main", await cid.ReadAsync());
        Assert.Matches(@"^:rxchat 333 cid #main bob \d+$", await cid.ReadAsync());
        await cid.SendAsync("TOPIC #main :mine now");
        Assert.Equal(":rxchat 482 cid #main :Only the leader of main can do that", await cid.ReadAsync());
        await cid.SendAsync("KICK #main amy");
        Assert.Equal(":rxchat 482 cid #main :Only the leader of main can do that", await cid.ReadAsync());

        await bob.SendAsync("KICK #main amy :too loud");
        Assert.Equal(":bob!bob@local KICK #main amy :too loud", await bob.ReadAsync());
        Assert.Equal(":bob!bob@local KICK #main amy :too loud", await cid.ReadAsync());
        Assert.Equal("You were removed from main by bob: too loud", await amy.ReadLineAsync());
        await bob.SendAsync("KICK #main nobody");
        Assert.Equal(":rxchat 441 bob nobody #main :nobody is not in main", await bob.ReadAsync());

        await bob.SendAsync("KICK #main cid"); // an IRC user kicked may not come back at once
        Assert.Equal(":bob!bob@local KICK #main cid :bob", await cid.ReadAsync());
        await cid.SendAsync("JOIN #main");
        Assert.Matches(@"^:rxchat 474 cid #main :You were removed from main: you may join it again in \d+ s$", await cid.ReadAsync());

        await using var dan = await IrcPeer.RegisterAsync(server.Irc(), "dan"); // a newcomer sees the topic, before the names
        await dan.SendAsync("JOIN #main");
        var joined = await dan.ReadAsync(5);
        Assert.Equal([":dan!dan@local JOIN #main", ":rxchat 332 dan #main :welcome to main"], joined[..2]);
        Assert.Matches(@"^:rxchat 333 dan #main bob \d+$", joined[2]);
        Assert.Equal([":rxchat 353 dan = #main :@bob dan", ":rxchat 366 dan #main :End of /NAMES list"], joined[3..]);
        await dan.ExpectNothingMoreAsync();
    }
}
