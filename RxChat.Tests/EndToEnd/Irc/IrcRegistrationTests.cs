using System.Text;
using RxChat.Tests.Support;

namespace RxChat.Tests.EndToEnd.Irc;

/// <summary>Registration as IRC clients do it, line by line over a real socket: with and without CAP, with PASS and SASL PLAIN for an account.</summary>
public sealed class IrcRegistrationTests
{
    [Fact]
    public async Task Without_CAP_NICK_and_USER_register_with_001_to_005_and_the_MOTD()
    {
        await using var server = await IrcServer.StartAsync();
        await using var bob = await IrcPeer.ConnectAsync(server.Irc());
        await bob.SendAsync("NICK bob");
        await bob.SendAsync("USER bob 0 * :Bob Real");
        var lines = await bob.ReadThroughAsync("376");

        Assert.Equal(":rxchat 001 bob :Welcome to the chat server!", lines[0]);
        Assert.Equal(["001", "002", "003", "004", "005", "375"], lines.Take(6).Select(IrcPeer.CommandOf));
        Assert.All(lines.Skip(6).SkipLast(1), line => Assert.Equal("372", IrcPeer.CommandOf(line)));
        Assert.Equal(":rxchat 376 bob :End of /MOTD command.", lines[^1]);
        var isupport = lines[4].Split(' ');
        foreach (var token in new[] { "CHANTYPES=#", "PREFIX=(o)@", "NETWORK=RxChat", "CASEMAPPING=ascii", "NICKLEN=32", "CHANNELLEN=65" })
            Assert.Contains(token, isupport);
        Assert.Contains(isupport, t => t.StartsWith("TOPICLEN=", StringComparison.Ordinal));
        await bob.ExpectNothingMoreAsync();
    }

    [Fact]
    public async Task With_CAP_registration_waits_for_CAP_END_and_capabilities_are_acknowledged_or_refused()
    {
        await using var server = await IrcServer.StartAsync();
        await using var bob = await IrcPeer.ConnectAsync(server.Irc());
        await bob.SendAsync("CAP LS 302");
        Assert.Equal(":rxchat CAP * LS :server-time message-tags batch sasl=PLAIN", await bob.ReadAsync());
        await bob.SendAsync("NICK bob");
        await bob.SendAsync("USER bob 0 * :Bob");
        await bob.SendAsync("PING :still-negotiating"); // no 001 before it: registration waits for CAP END
        Assert.Equal(":rxchat PONG rxchat :still-negotiating", await bob.ReadAsync());
        await bob.SendAsync("CAP REQ :server-time batch");
        Assert.Equal(":rxchat CAP bob ACK :server-time batch", await bob.ReadAsync());
        await bob.SendAsync("CAP REQ :server-time away-notify");
        Assert.Equal(":rxchat CAP bob NAK :server-time away-notify", await bob.ReadAsync());
        await bob.SendAsync("CAP LIST");
        Assert.Equal(":rxchat CAP bob LIST :server-time batch", await bob.ReadAsync());
        await bob.SendAsync("CAP END");
        Assert.Equal(":rxchat 001 bob :Welcome to the chat server!", await bob.ReadAsync());
    }

    [Fact]
    public async Task Before_registration_other_commands_are_451_and_a_bad_nick_is_432()
    {
        await using var server = await IrcServer.StartAsync();
        await using var bob = await IrcPeer.ConnectAsync(server.Irc());
        await bob.SendAsync("JOIN #main");
        Assert.Equal(":rxchat 451 * :You have not registered", await bob.ReadAsync());
        await bob.SendAsync("NICK b!ob");
        Assert.Equal(":rxchat 432 * b!ob :Erroneous nickname: IRC cannot carry '!'", await bob.ReadAsync());
        await bob.SendAsync("NICK");
        Assert.Equal(":rxchat 431 * :No nickname given", await bob.ReadAsync());
        await bob.SendAsync("USER");
        Assert.Equal(":rxchat 461 * USER :Not enough parameters", await bob.ReadAsync());
        await bob.SendAsync("NICK bob");
        await bob.SendAsync("USER bob 0 * :Bob");
        Assert.Equal(":rxchat 001 bob :Welcome to the chat server!", await bob.ReadAsync());
    }

    [Fact]
    public async Task A_name_RxChat_refuses_is_432_with_the_chats_reason_and_the_connection_closes()
    {
        await using var server = await IrcServer.StartAsync();
        await using var bob = await IrcPeer.ConnectAsync(server.Irc());
        var tooLong = new string('b', 33);
        await bob.SendAsync($"NICK {tooLong}");
        await bob.SendAsync("USER b 0 * :B");
        Assert.Equal($":rxchat 432 * {tooLong} :Username too long (max 32 characters)", await bob.ReadAsync());
        Assert.StartsWith(":rxchat ERROR :Closing link:", await bob.ReadAsync());
        await bob.Closed.WaitAsync(LineClient.Patience);
    }

    [Fact]
    public async Task A_nick_taken_by_a_TCP_user_or_an_IRC_user_in_any_case_is_433()
    {
        await using var server = await IrcServer.StartAsync();
        await using var amy = await LineClient.LogInAsync(server.Port, "amy");
        await using var bob = await IrcPeer.RegisterAsync(server.Irc(), "bob");

        foreach (var taken in new[] { "AMY", "Bob" })
        {
            await using var again = await IrcPeer.ConnectAsync(server.Irc());
            await again.SendAsync($"NICK {taken}");
            await again.SendAsync($"USER x 0 * :x");
            Assert.Equal($":rxchat 433 * {taken} :Username \"{taken}\" is already in use", await again.ReadAsync());
            await again.Closed.WaitAsync(LineClient.Patience);
        }
        await amy.ExpectNothingMoreAsync();
        await bob.ExpectNothingMoreAsync();
    }

    [Fact]
    public async Task PASS_logs_in_to_an_account_and_a_missing_password_is_asked_for()
    {
        await using var server = await IrcServer.StartAsync();
        await RegisterAccountAsync(server.Port, "carol", "correct-horse");

        await using (var carol = await IrcPeer.ConnectAsync(server.Irc()))
        {
            await carol.SendAsync("PASS correct-horse");
            await carol.SendAsync("NICK carol");
            await carol.SendAsync("USER carol 0 * :Carol");
            Assert.Equal(":rxchat 001 carol :Welcome to the chat server!", await carol.ReadAsync());
            await carol.SendAsync("QUIT");
            await carol.Closed.WaitAsync(LineClient.Patience);
        }

        await using var asked = await IrcPeer.ConnectAsync(server.Irc());
        await asked.SendAsync("NICK carol");
        await asked.SendAsync("USER carol 0 * :Carol");
        Assert.Equal(":rxchat NOTICE * :Warning: this connection is not encrypted; your password travels in clear", await asked.ReadAsync());
        Assert.Equal(":rxchat NOTICE * :Password for carol:", await asked.ReadAsync());
        Assert.Equal(":rxchat NOTICE * :Send it with PASS <password>", await asked.ReadAsync());
        await asked.SendAsync("PASS correct-horse");
        Assert.Equal(":rxchat 001 carol :Welcome to the chat server!", await asked.ReadAsync());
    }

    [Fact]
    public async Task SASL_PLAIN_logs_in_to_an_account_and_a_wrong_password_is_464_then_the_end()
    {
        await using var server = await IrcServer.StartAsync();
        await RegisterAccountAsync(server.Port, "carol", "correct-horse");

        await using (var carol = await IrcPeer.ConnectAsync(server.Irc()))
        {
            await carol.SendAsync("CAP LS 302");
            await carol.ReadAsync();
            await carol.SendAsync("NICK carol");
            await carol.SendAsync("USER carol 0 * :Carol");
            await carol.SendAsync("CAP REQ :sasl");
            Assert.Equal(":rxchat CAP carol ACK :sasl", await carol.ReadAsync());
            await carol.SendAsync("AUTHENTICATE PLAIN");
            Assert.Equal("AUTHENTICATE +", await carol.ReadAsync());
            await carol.SendAsync("AUTHENTICATE " + Plain("carol", "correct-horse"));
            Assert.Equal(":rxchat 903 carol :SASL credentials taken: the password is checked as you register", await carol.ReadAsync());
            await carol.SendAsync("CAP END");
            Assert.Equal(":rxchat 001 carol :Welcome to the chat server!", await carol.ReadAsync());
            await carol.SendAsync("QUIT");
            await carol.Closed.WaitAsync(LineClient.Patience);
        }

        await using var wrong = await IrcPeer.ConnectAsync(server.Irc());
        await wrong.SendAsync("CAP REQ :sasl");
        await wrong.ReadAsync();
        await wrong.SendAsync("AUTHENTICATE SCRAM-SHA-256");
        Assert.Equal(":rxchat 908 * PLAIN :are available SASL mechanisms", await wrong.ReadAsync());
        Assert.Equal(":rxchat 904 * :SASL authentication failed", await wrong.ReadAsync());
        await wrong.SendAsync("AUTHENTICATE PLAIN");
        await wrong.ReadAsync();
        await wrong.SendAsync("AUTHENTICATE " + Plain("carol", "battery-staple"));
        await wrong.ReadAsync();
        await wrong.SendAsync("NICK carol");
        await wrong.SendAsync("USER carol 0 * :Carol");
        await wrong.SendAsync("CAP END");
        Assert.Equal(":rxchat 464 * :Wrong password", await wrong.ReadAsync());
        Assert.Equal(":rxchat ERROR :Closing link: wrong password", await wrong.ReadAsync());
        await wrong.Closed.WaitAsync(LineClient.Patience);
    }

    private static string Plain(string user, string password) => Convert.ToBase64String(Encoding.UTF8.GetBytes($"\0{user}\0{password}"));

    private static async Task RegisterAccountAsync(int port, string user, string password)
    {
        await using var tcp = await LineClient.LogInAsync(port, user);
        await tcp.SendLineAsync($"/register {password}");
        Assert.Equal($"Account created for {user}", await tcp.ReadLineAsync());
        Assert.Equal("Warning: this connection is not encrypted; your password travels in clear", await tcp.ReadLineAsync());
        await tcp.SendLineAsync("quit");
        await tcp.Closed.WaitAsync(LineClient.Patience);
    }
}
