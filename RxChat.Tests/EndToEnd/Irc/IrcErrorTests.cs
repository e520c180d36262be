using RxChat.Tests.Support;

namespace RxChat.Tests.EndToEnd.Irc;

/// <summary>Bad lines get their numeric, one per line, and the connection goes on; bad peers go alone.</summary>
public sealed class IrcErrorTests
{
    [Fact]
    public async Task Each_bad_line_gets_its_numeric_and_the_connection_goes_on()
    {
        await using var server = await IrcServer.StartAsync();
        await using var amy = await LineClient.LogInAsync(server.Port, "amy"); // a bystander
        await amy.SendLineAsync("/join main");
        await amy.ReadLineAsync();
        await using var bob = await IrcPeer.RegisterAsync(server.Irc(), "bob");

        (string Line, string Reply)[] cases =
        [
            ("FROBNICATE x", ":rxchat 421 bob FROBNICATE :Unknown command"),
            ("JOIN", ":rxchat 461 bob JOIN :Not enough parameters"),
            ("JOIN main", ":rxchat 403 bob main :No such channel: channels start with #"),
            ("PART #main", ":rxchat 442 bob #main :You're not on that channel"),
            ("PRIVMSG", ":rxchat 411 bob :No recipient given (PRIVMSG)"),
            ("PRIVMSG #main", ":rxchat 412 bob :No text to send"),
            ("PRIVMSG #main :hi", ":rxchat 404 bob #main :Cannot send to channel: you are not in it"),
            ("PRIVMSG nobody :hi", ":rxchat 401 bob nobody :No user named nobody"),
            ("KICK #main amy", ":rxchat 442 bob #main :You're not on that channel"),
            ("TOPIC #main", ":rxchat 442 bob #main :You're not on that channel"),
            ("TOPIC #main :mine now", ":rxchat 442 bob #main :You're not on that channel"),
            ("KICK main amy", ":rxchat 403 bob main :No such channel: channels start with #"),
            ("TOPIC", ":rxchat 461 bob TOPIC :Not enough parameters"),
            ("MODE #main +o bob", ":rxchat 482 bob #main :RxChat sets no modes: the room's leader (@) is its earliest-connected member"),
            ("NICK robert", ":rxchat 447 bob :RxChat names are fixed for a connection: reconnect to use another"),
            ("USER bob 0 * :Bob", ":rxchat 462 bob :You may not reregister"),
            ("PRIVMSG #main :" + new string('x', 600), ":rxchat 417 bob :Input line was too long"),
        ];
        foreach (var (line, reply) in cases)
        {
            await bob.SendAsync(line);
            Assert.Equal(reply, await bob.ReadAsync());
        }
        await bob.SendAsync("NOTICE nobody :hi"); // a NOTICE is never answered, not even with an error
        await bob.SendAsync("NOTICE #main :hi");
        await bob.SendAsync("@+typing=active PRIVMSG #main :" + new string('x', 480)); // tags do not count against the 512
        Assert.Equal(":rxchat 404 bob #main :Cannot send to channel: you are not in it", await bob.ReadAsync());
        await bob.ExpectNothingMoreAsync();
        await amy.ExpectNothingMoreAsync(); // nobody else heard of any of it
    }

    [Fact]
    public async Task A_line_past_every_limit_is_417_and_nobody_else_is_affected()
    {
        await using var server = await IrcServer.StartAsync();
        await using var amy = await LineClient.LogInAsync(server.Port, "amy");
        await amy.SendLineAsync("/join main");
        await amy.ReadLineAsync();
        await using var bob = await IrcPeer.RegisterAsync(server.Irc(), "bob");
        await bob.SendAsync("JOIN #main");
        await bob.ReadThroughAsync("366");
        await amy.ReadLineAsync();

        await bob.SendAsync("PRIVMSG #main :" + new string('y', 10_000));
        Assert.Equal(":rxchat 417 bob :Input line was too long", await bob.ReadAsync());
        await bob.SendAsync("PRIVMSG #main :still here");
        Assert.EndsWith("bob: still here", await amy.ReadLineAsync());
        await amy.ExpectNothingMoreAsync();
    }

    [Fact]
    public async Task No_registration_in_time_is_an_ERROR_and_the_end_and_a_client_that_never_sends_CAP_END_too()
    {
        await using var server = await IrcServer.StartAsync(options => options.Limits.LoginTimeoutSeconds = 1);
        await using var amy = await LineClient.LogInAsync(server.Port, "amy");
        await using var silent = await IrcPeer.ConnectAsync(server.Irc());
        await using var stuck = await IrcPeer.ConnectAsync(server.Irc());
        await stuck.SendAsync("CAP LS 302");
        await stuck.SendAsync("NICK stuck");
        await stuck.SendAsync("USER stuck 0 * :Stuck");
        Assert.StartsWith(":rxchat CAP * LS", await stuck.ReadAsync());

        foreach (var peer in new[] { silent, stuck })
        {
            var last = await peer.ReadUntilClosedAsync();
            Assert.Equal(":rxchat ERROR :Registration (NICK and USER, and CAP END after CAP LS) not finished: No username within 1 s: disconnected", last[0]);
        }
        await amy.ExpectNothingMoreAsync();
    }

    [Fact]
    public async Task A_quiet_client_is_pinged_one_that_answers_stays_and_one_that_does_not_is_gone_like_a_dead_peer()
    {
        await using var server = await IrcServer.StartAsync(options => options.Irc.PingSeconds = 0.5);
        await using var bob = await IrcPeer.RegisterAsync(server.Irc(), "bob");
        int pings = 0;
        var seen = new List<string>();
        // bob answers every PING as a client does, on its own, while the test goes on.
        var answering = Task.Run(async () =>
        {
            while (true)
            {
                var line = await bob.ReadAsync();
                if (line == ":rxchat PING :rxchat")
                {
                    Interlocked.Increment(ref pings);
                    await bob.SendAsync("PONG :rxchat");
                    continue;
                }
                lock (seen) seen.Add(line);
                if (line.StartsWith(":mute!mute@local QUIT", StringComparison.Ordinal)) return;
            }
        });
        await bob.SendAsync("JOIN #main");
        await using var mute = await IrcPeer.RegisterAsync(server.Irc(), "mute");
        await mute.SendAsync("JOIN #main");
        var muteHeard = await mute.ReadUntilClosedAsync();

        Assert.Equal(":rxchat PING :rxchat", muteHeard.Last(line => !line.StartsWith(":rxchat 3", StringComparison.Ordinal) && !line.StartsWith(":mute!", StringComparison.Ordinal)));
        await answering.WaitAsync(LineClient.Patience);
        Assert.Equal(":mute!mute@local QUIT :no answer to PING within 0.5 s", seen[^1]);
        Assert.Contains(":mute!mute@local JOIN #main", seen);
        Assert.True(pings > 0, "bob was never pinged");
        await bob.SendAsync("NAMES #main");
        Assert.Equal(":rxchat 353 bob = #main :@bob", (await bob.ReadThroughAsync("366")).First(l => IrcPeer.CommandOf(l) == "353"));
    }
}
