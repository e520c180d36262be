using RxChat.Tests.Support;

namespace RxChat.Tests.EndToEnd.Irc;

/// <summary>Rooms as channels, line by line over real sockets, with TCP users in the same rooms.</summary>
public sealed class IrcChannelTests
{
    [Fact]
    public async Task JOIN_echoes_then_the_topic_the_names_with_the_leader_as_operator_and_plain_history_without_server_time()
    {
        await using var server = await IrcServer.StartAsync();
        await using var amy = await Peers.InRoomAsync(server.Port, "amy", "main");
        await amy.SendLineAsync("hello from tcp");
        await using var bob = await IrcPeer.RegisterAsync(server.Irc(), "bob");

        await bob.SendAsync("JOIN #main");
        Assert.Equal(
        [
            ":bob!bob@local JOIN #main",
            ":rxchat 331 bob #main :No topic is set",
            ":rxchat 353 bob = #main :@amy bob",
            ":rxchat 366 bob #main :End of /NAMES list",
            ":amy!amy@local PRIVMSG #main :hello from tcp",
        ], await bob.ReadAsync(5));
        Assert.EndsWith("bob joined the room", await amy.ReadLineAsync());
        await bob.ExpectNothingMoreAsync();
    }

    [Fact]
    public async Task JOIN_of_a_channel_with_a_topic_is_the_echo_then_332_and_333_then_the_names_then_the_history()
    {
        await using var server = await IrcServer.StartAsync();
        await using var amy = await Peers.InRoomAsync(server.Port, "amy", "main");
        var before = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        await amy.SendLineAsync("/topic release on Friday");
        Assert.EndsWith("amy set the topic of main: release on Friday", await amy.ReadLineAsync());
        var after = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        await amy.SendLineAsync("hello from tcp");
        await using var bob = await IrcPeer.RegisterAsync(server.Irc(), "bob");

        await bob.SendAsync("JOIN #main");
        var lines = await bob.ReadAsync(6);
        Assert.Equal([":bob!bob@local JOIN #main", ":rxchat 332 bob #main :release on Friday"], lines[..2]);
        var setAt = System.Text.RegularExpressions.Regex.Match(lines[2], @"^:rxchat 333 bob #main amy (\d+)$");
        Assert.True(setAt.Success, lines[2]);
        Assert.InRange(long.Parse(setAt.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), before, after); // the entry's own time
        Assert.Equal(
        [
            ":rxchat 353 bob = #main :@amy bob",
            ":rxchat 366 bob #main :End of /NAMES list",
            ":amy!amy@local PRIVMSG #main :hello from tcp",
        ], lines[3..]);
        Assert.EndsWith("bob joined the room", await amy.ReadLineAsync());
        await bob.ExpectNothingMoreAsync();

        await bob.SendAsync("TOPIC #main"); // asked: the same two numerics
        Assert.Equal([":rxchat 332 bob #main :release on Friday", lines[2]], await bob.ReadAsync(2));
        await bob.SendAsync("TOPIC #elsewhere"); // another room's topic is not told (nor #main's in its place)
        Assert.Equal(":rxchat 442 bob #elsewhere :You're not on that channel", await bob.ReadAsync());
        await amy.SendLineAsync("/join elsewhere");
        Assert.Equal("You joined room elsewhere", await amy.ReadLineAsync());
        await bob.ReadAsync(2); // amy's PART, bob's +o
        await bob.SendAsync("TOPIC #main");
        Assert.Equal(":rxchat 332 bob #main :release on Friday", await bob.ReadAsync()); // the topic stays with the room
        await bob.ReadAsync();
        await amy.SendLineAsync("/topic");
        Assert.Equal("No topic set for elsewhere", await amy.ReadLineAsync());
        await bob.SendAsync("JOIN #elsewhere");
        Assert.Equal([":bob!bob@local PART #main", ":bob!bob@local JOIN #elsewhere", ":rxchat 331 bob #elsewhere :No topic is set"], await bob.ReadAsync(3));
    }

    [Fact]
    public async Task History_is_replayed_with_its_time_and_inside_a_chathistory_batch_when_negotiated()
    {
        await using var server = await IrcServer.StartAsync();
        await using var amy = await Peers.InRoomAsync(server.Port, "amy", "main");
        await amy.SendLineAsync("first");
        await amy.SendLineAsync("second");

        await using var timed = await IrcPeer.RegisterAsync(server.Irc(), "tim", caps: "server-time");
        await timed.SendAsync("JOIN #main");
        var lines = await timed.ReadAsync(6);
        Assert.Matches(@"^@time=\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z :tim!tim@local JOIN #main$", lines[0]);
        Assert.Matches(@"^@time=\S+Z :amy!amy@local PRIVMSG #main :first$", lines[4]);
        Assert.Matches(@"^@time=\S+Z :amy!amy@local PRIVMSG #main :second$", lines[5]);
        await timed.ExpectNothingMoreAsync(); // no BATCH lines without batch

        await using var batched = await IrcPeer.RegisterAsync(server.Irc(), "bat", caps: "server-time batch message-tags");
        await batched.SendAsync("JOIN #main");
        lines = await batched.ReadAsync(8);
        var start = System.Text.RegularExpressions.Regex.Match(lines[4], @"^@time=\S+Z :rxchat BATCH \+(\S+) chathistory #main$");
        Assert.True(start.Success, lines[4]);
        var id = start.Groups[1].Value;
        Assert.Matches($@"^@batch={id};time=\S+Z :amy!amy@local PRIVMSG #main :first$", lines[5]);
        Assert.Matches($@"^@batch={id};time=\S+Z :amy!amy@local PRIVMSG #main :second$", lines[6]);
        Assert.Matches($@"^@time=\S+Z :rxchat BATCH -{id}$", lines[7]);
    }

    [Fact]
    public async Task PRIVMSG_to_the_channel_is_chat_both_ways_and_joins_parts_and_quits_come_from_the_users()
    {
        await using var server = await IrcServer.StartAsync();
        await using var amy = await Peers.InRoomAsync(server.Port, "amy", "main");
        await using var bob = await IrcPeer.RegisterAsync(server.Irc(), "bob");
        await bob.SendAsync("JOIN #main");
        await bob.ReadThroughAsync("366");
        Assert.EndsWith("bob joined the room", await amy.ReadLineAsync());

        await bob.SendAsync("PRIVMSG #main :hi from irc");
        Assert.Matches(@"^\[\d\d:\d\d:\d\d\] bob: hi from irc$", await amy.ReadLineAsync());
        await amy.SendLineAsync("hi from tcp");
        Assert.Equal(":amy!amy@local PRIVMSG #main :hi from tcp", await bob.ReadAsync());

        await using var cid = await IrcPeer.RegisterAsync(server.Irc(), "cid");
        await cid.SendAsync("JOIN #main");
        await cid.ReadThroughAsync("366");
        Assert.Equal([":bob!bob@local PRIVMSG #main :hi from irc", ":amy!amy@local PRIVMSG #main :hi from tcp"], await cid.ReadAsync(2)); // the history
        Assert.Equal(":cid!cid@local JOIN #main", await bob.ReadAsync());
        await cid.SendAsync("PART #main");
        Assert.Equal(":cid!cid@local PART #main", await cid.ReadAsync());
        Assert.Equal(":cid!cid@local PART #main", await bob.ReadAsync());
        await cid.SendAsync("JOIN #main");
        await cid.ReadThroughAsync("366");
        await cid.ReadAsync(2);
        Assert.Equal(":cid!cid@local JOIN #main", await bob.ReadAsync());
        await cid.SendAsync("QUIT :bye");
        Assert.Equal(":rxchat ERROR :Closing link: quit", await cid.ReadAsync());
        Assert.Equal(":cid!cid@local QUIT :quit", await bob.ReadAsync());
        await amy.SendLineAsync("/quit");
        Assert.Equal(":amy!amy@local QUIT :quit", await bob.ReadAsync());
        Assert.Equal(":rxchat MODE #main +o bob", await bob.ReadAsync());
    }

    [Fact]
    public async Task Joining_another_channel_first_parts_the_one_the_user_is_in()
    {
        await using var server = await IrcServer.StartAsync();
        await using var bob = await IrcPeer.RegisterAsync(server.Irc(), "bob");
        await bob.SendAsync("JOIN #main");
        await bob.ReadThroughAsync("366");
        await bob.SendAsync("JOIN #other,#third");
        Assert.Equal(":bob!bob@local PART #main", await bob.ReadAsync());
        Assert.Equal(":bob!bob@local JOIN #other", await bob.ReadAsync());
        await bob.ReadThroughAsync("366");
        await bob.SendAsync("JOIN #other"); // already there: nothing
        await bob.ExpectNothingMoreAsync();
        await bob.SendAsync("JOIN 0");
        Assert.Equal(":bob!bob@local PART #other", await bob.ReadAsync());
    }

    [Fact]
    public async Task A_new_leader_is_MODE_plus_o_and_a_former_leader_still_present_is_MODE_minus_o()
    {
        await using var server = await IrcServer.StartAsync();
        await using var early = await LineClient.LogInAsync(server.Port, "early"); // connected first, in no room yet
        await using var amy = await Peers.InRoomAsync(server.Port, "amy", "main");
        await using var bob = await IrcPeer.RegisterAsync(server.Irc(), "bob");
        await bob.SendAsync("JOIN #main");
        Assert.Contains(":rxchat 353 bob = #main :@amy bob", await bob.ReadThroughAsync("366"));

        await amy.SendLineAsync("/join elsewhere"); // the leader leaves: re-election
        Assert.Equal(":amy!amy@local PART #main", await bob.ReadAsync());
        Assert.Equal(":rxchat MODE #main +o bob", await bob.ReadAsync());

        await early.SendLineAsync("/join main"); // connected before bob: leads at once
        Assert.Equal(":early!early@local JOIN #main", await bob.ReadAsync());
        Assert.Equal(":rxchat MODE #main -o bob", await bob.ReadAsync());
        Assert.Equal(":rxchat MODE #main +o early", await bob.ReadAsync());
        await bob.SendAsync("NAMES #main");
        Assert.Equal(":rxchat 353 bob = #main :@early bob", await bob.ReadAsync());
    }

    [Fact]
    public async Task MODE_WHO_NAMES_and_LIST_answer_with_their_numerics()
    {
        await using var server = await IrcServer.StartAsync();
        await using var amy = await Peers.InRoomAsync(server.Port, "amy", "main");
        await using var bob = await IrcPeer.RegisterAsync(server.Irc(), "bob");
        await bob.SendAsync("JOIN #main");
        await bob.ReadThroughAsync("366");

        await bob.SendAsync("MODE #main");
        Assert.Equal(":rxchat 324 bob #main :+", await bob.ReadAsync());
        await bob.SendAsync("MODE #main b");
        Assert.Equal(":rxchat 368 bob #main :End of channel ban list", await bob.ReadAsync());
        await bob.SendAsync("MODE bob +i");
        Assert.Equal(":rxchat 221 bob :+", await bob.ReadAsync());
        await bob.SendAsync("WHO #main");
        Assert.Equal(
        [
            ":rxchat 352 bob #main amy local rxchat amy H@ :0 amy",
            ":rxchat 352 bob #main bob local rxchat bob H :0 bob",
            ":rxchat 315 bob #main :End of /WHO list",
        ], await bob.ReadAsync(3));
        await bob.SendAsync("NAMES #main");
        Assert.Equal([":rxchat 353 bob = #main :@amy bob", ":rxchat 366 bob #main :End of /NAMES list"], await bob.ReadAsync(2));
        await amy.SendLineAsync("/join zoo"); // rooms are listed by name
        await bob.ReadAsync(2); // amy's PART, bob's +o
        await bob.SendAsync("LIST");
        Assert.Equal(
        [
            ":rxchat 321 bob Channel :Users  Name",
            ":rxchat 322 bob #main 1 :",
            ":rxchat 322 bob #zoo 1 :",
            ":rxchat 323 bob :End of /LIST",
        ], await bob.ReadAsync(4));
    }
}
