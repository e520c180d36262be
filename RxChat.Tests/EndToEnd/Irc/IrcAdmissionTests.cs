using RxChat.Tests.Support;

namespace RxChat.Tests.EndToEnd.Irc;

/// <summary>IRC connections come in through the same admission as every kind: the connection limit and the flood limits, worded as IRC.</summary>
public sealed class IrcAdmissionTests
{
    [Fact]
    public async Task Beyond_the_connection_limit_of_every_kind_together_an_IRC_client_hears_ERROR_Server_is_full()
    {
        await using var server = await IrcServer.StartAsync(options => options.Limits.MaxConnections = 2);
        await using var amy = await LineClient.LogInAsync(server.Port, "amy");
        await using var bob = await IrcPeer.RegisterAsync(server.Irc(), "bob");

        await using var cid = await IrcPeer.ConnectAsync(server.Irc());
        Assert.Equal([":rxchat ERROR :Server is full"], await cid.ReadUntilClosedAsync());
        await using var dan = await LineClient.ConnectAsync(server.Port);
        Assert.Equal(["Server is full"], await dan.ReadUntilClosedAsync());

        await bob.SendAsync("PRIVMSG amy :still here");
        Assert.EndsWith("bob -> amy: still here", await amy.ReadLineAsync());
    }

    [Fact]
    public async Task An_IRC_flooder_is_told_to_slow_down_then_cut_off_and_the_room_keeps_order()
    {
        await using var server = await IrcServer.StartAsync(options =>
        {
            options.Limits.FloodBurstLines = 20;
            options.Limits.FloodLinesPerSecond = 1;
            options.Limits.FloodDroppedLinesBeforeDisconnect = 50;
        });
        await using var amy = await LineClient.LogInAsync(server.Port, "amy");
        await amy.SendLineAsync("/join main");
        await amy.ReadLineAsync();
        await using var bob = await IrcPeer.RegisterAsync(server.Irc(), "bob");
        await bob.SendAsync("JOIN #main");
        await bob.ReadThroughAsync("366");
        Assert.EndsWith("bob joined the room", await amy.ReadLineAsync());

        await bob.SendRawAsync(string.Concat(Enumerable.Range(0, 500).Select(n => $"PRIVMSG #main :line {n}\r\n")));

        var told = await bob.ReadUntilClosedAsync();
        Assert.Equal(":rxchat NOTICE bob :Slow down", told[0]);
        Assert.Contains(told, line => line.StartsWith(":rxchat ERROR :", StringComparison.Ordinal) && line.Contains("Too many lines", StringComparison.Ordinal));
        var numbers = new List<int>();
        while (true)
        {
            var line = await amy.ReadLineAsync();
            if (line.EndsWith("bob left the room main", StringComparison.Ordinal)) break;
            var said = System.Text.RegularExpressions.Regex.Match(line, @"^\[\d\d:\d\d:\d\d\] bob: line (\d+)$");
            Assert.True(said.Success, line);
            numbers.Add(int.Parse(said.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
        }
        Assert.NotEmpty(numbers);
        Assert.Equal(Enumerable.Range(0, 10), numbers.Take(10)); // the burst got through whole (less the lines registering took)
        Assert.True(numbers.Zip(numbers.Skip(1)).All(pair => pair.First < pair.Second), "lines out of order");
        await amy.ExpectNothingMoreAsync();
    }
}
