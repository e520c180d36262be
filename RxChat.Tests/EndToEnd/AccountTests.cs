using RxChat.Protocol;
using RxChat.Tests.Support;
using static RxChat.Tests.Support.Peers;

namespace RxChat.Tests.EndToEnd;

/// <summary>Accounts over real sockets: a registered name asks for its password, and only the right one logs in.</summary>
public sealed class AccountTests
{
    private const string InClear = "Warning: this connection is not encrypted; your password travels in clear";

    [Fact]
    public async Task A_registered_name_asks_for_its_password_and_the_right_one_logs_in()
    {
        await using var server = await RunningServer.StartAsync();
        await using (var alice = await LineClient.LogInAsync(server.Port, "alice"))
        {
            await alice.SendLineAsync("/register correct-horse");
            Assert.Equal(["Account created for alice", InClear], await alice.ReadLinesAsync(2));
            await alice.SendLineAsync("quit");
            await alice.ReadUntilClosedAsync();
        }

        await using var again = await LineClient.ConnectAsync(server.Port);
        await again.SendLineAsync("ALICE"); // names are case-insensitive: the account is alice's
        Assert.Equal([InClear, "Password for alice:"], await again.ReadLinesAsync(2));
        await again.SendLineAsync("correct-horse");
        Assert.Equal("Welcome to the chat server!", await again.ReadLineAsync());
        await again.SendLineAsync("/users");
        Assert.Equal("Users: ALICE", await again.ReadLineAsync());
    }

    [Fact]
    public async Task A_wrong_password_is_refused_and_the_connection_closes_and_nobody_else_notices()
    {
        await using var server = await RunningServer.StartAsync();
        await using var alice = await InRoomAsync(server.Port, "alice", "lobby");
        await alice.SendLineAsync("/register correct-horse");
        Assert.Equal(["Account created for alice", InClear], await alice.ReadLinesAsync(2));
        await alice.SendLineAsync("quit");
        await alice.ReadUntilClosedAsync();
        await using var bob = await InRoomAsync(server.Port, "bob", "lobby");

        await using var impostor = await LineClient.ConnectAsync(server.Port);
        await impostor.SendLineAsync("alice\nguess\n/join lobby\nI am alice"); // pipelined: nothing after the wrong password counts
        Assert.Equal([InClear, "Password for alice:", "Wrong password"], await impostor.ReadUntilClosedAsync());
        await bob.ExpectNothingMoreAsync();
        await bob.SendLineAsync("/users");
        Assert.Equal("Users: bob", await bob.ReadLineAsync());
    }

    [Fact]
    public async Task Register_asks_for_a_long_enough_password_and_only_once_per_name()
    {
        await using var server = await RunningServer.StartAsync(o => o.Accounts.MinPasswordLength = 10);
        await using var alice = await LineClient.LogInAsync(server.Port, "alice");
        await alice.SendLineAsync("/register short");
        Assert.Equal("Password too short (min 10 characters)", await alice.ReadLineAsync());
        await alice.SendLineAsync("/register");
        Assert.Equal("Usage: /register <password>", await alice.ReadLineAsync());
        await alice.SendLineAsync("/register long enough");
        Assert.Equal("Usage: /register <password>", await alice.ReadLineAsync());
        await alice.SendLineAsync("/register long-enough");
        Assert.Equal(["Account created for alice", InClear], await alice.ReadLinesAsync(2));
        await alice.SendLineAsync("/register another-one");
        Assert.Equal("alice is already registered", await alice.ReadLineAsync()); // warned once per connection
    }

    [Fact]
    public async Task Password_changes_only_with_the_old_one_and_the_new_one_is_asked_next_time()
    {
        await using var server = await RunningServer.StartAsync();
        await using (var alice = await LineClient.LogInAsync(server.Port, "alice"))
        {
            await alice.SendLineAsync("/password first-one second-one");
            Assert.Equal("You have no account: /register <password> makes one", await alice.ReadLineAsync());
            await alice.SendLineAsync("/register first-one");
            Assert.Equal(["Account created for alice", InClear], await alice.ReadLinesAsync(2));
            await alice.SendLineAsync("/password wrong-one second-one");
            Assert.Equal("Password not changed: wrong password", await alice.ReadLineAsync());
            await alice.SendLineAsync("/password first-one short");
            Assert.Equal("Password too short (min 8 characters)", await alice.ReadLineAsync());
            await alice.SendLineAsync("/password first-one");
            Assert.Equal("Usage: /password <old> <new>", await alice.ReadLineAsync());
            await alice.SendLineAsync("/password first-one second-one");
            Assert.Equal("Password changed", await alice.ReadLineAsync());
            await alice.SendLineAsync("quit");
            await alice.ReadUntilClosedAsync();
        }

        await using var old = await LineClient.ConnectAsync(server.Port);
        await old.SendLineAsync("alice\nfirst-one");
        Assert.Equal([InClear, "Password for alice:", "Wrong password"], await old.ReadUntilClosedAsync());
        await using var @new = await LineClient.ConnectAsync(server.Port);
        await @new.SendLineAsync("alice\nsecond-one");
        Assert.Equal([InClear, "Password for alice:", "Welcome to the chat server!"], await @new.ReadLinesAsync(3));
    }

    [Fact]
    public async Task Repeated_wrong_passwords_from_one_address_are_slowed_down_with_a_clear_line()
    {
        await using var server = await RunningServer.StartAsync();
        await using (var alice = await LineClient.LogInAsync(server.Port, "alice"))
        {
            await alice.SendLineAsync("/register correct-horse\nquit");
            await alice.ReadUntilClosedAsync();
        }
        for (int i = 0; i < 5; i++)
        {
            await using var guesser = await LineClient.ConnectAsync(server.Port);
            await guesser.SendLineAsync($"alice\nguess-{i}");
            Assert.Equal("Wrong password", (await guesser.ReadUntilClosedAsync())[^1]);
        }

        // The sixth try is not even checked: even the right password waits its turn.
        await using var patient = await LineClient.ConnectAsync(server.Port);
        await patient.SendLineAsync("alice\ncorrect-horse");
        var lines = await patient.ReadUntilClosedAsync();
        Assert.Matches(@"^Too many wrong passwords from your address: try again in \d+ s$", lines[^1]);
    }

    [Fact]
    public async Task Accounts_required_lets_in_only_registered_names()
    {
        await using var server = await RunningServer.StartAsync(o => o.Accounts.Required = true);
        await using var stranger = await LineClient.ConnectAsync(server.Port);
        await stranger.SendLineAsync("mallory");
        Assert.Equal(["Only registered users may log in here, and mallory has no account"], await stranger.ReadUntilClosedAsync());
    }

    [Fact]
    public async Task A_password_is_never_in_the_log_nor_in_what_others_see()
    {
        var dir = Directory.CreateTempSubdirectory("rxchat-accounts-");
        try
        {
            await using (var server = await RunningServer.StartAsync(o => o.DataDir = dir.FullName))
            {
                await using var alice = await LineClient.LogInAsync(server.Port, "alice");
                await alice.SendLineAsync("/register Sekr1t-Passw0rd");
                await alice.ReadLinesAsync(2);
                await alice.SendLineAsync("/password Sekr1t-Passw0rd N3w-Sekr1t-Passw0rd");
                Assert.Equal("Password changed", await alice.ReadLineAsync());
                await alice.SendLineAsync("/Register Sekr1t-Typo"); // mistyped: still never stored
                Assert.Equal("Usage: /register <password>", await alice.ReadLineAsync());
                await alice.SendLineAsync("quit");
                await alice.ReadUntilClosedAsync();
                await using var again = await LineClient.ConnectAsync(server.Port);
                await again.SendLineAsync("alice\nWr0ng-Sekr1t");
                Assert.Equal("Wrong password", (await again.ReadUntilClosedAsync())[^1]);
            }
            foreach (var file in dir.EnumerateFiles("*", SearchOption.AllDirectories))
            {
                var bytes = await File.ReadAllBytesAsync(file.FullName);
                var text = System.Text.Encoding.UTF8.GetString(bytes);
                Assert.DoesNotContain("Sekr1t", text);
            }
        }
        finally { dir.Delete(recursive: true); }
    }
}
