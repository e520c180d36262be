using RxChat.Client;
using RxChat.Tests.Support;

namespace RxChat.Tests.Client;

/// <summary>The console client with a name that has an account: the password from a file or piped input, never shown.</summary>
public sealed class ClientPasswordTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("rxchat-client-password-");

    public void Dispose() => _dir.Delete(recursive: true);

    private static async Task RegisterAsync(int port, string name, string password)
    {
        await using var owner = await LineClient.LogInAsync(port, name);
        await owner.SendLineAsync($"/register {password}\nquit");
        Assert.Equal($"Account created for {name}", (await owner.ReadUntilClosedAsync())[0]); // gone: the name is free, and protected
    }

    private string PasswordFile(string password)
    {
        var path = Path.Combine(_dir.FullName, "password");
        File.WriteAllText(path, password + "\n");
        return path;
    }

    [Fact]
    public async Task The_password_file_answers_the_prompt_and_the_password_is_never_shown()
    {
        await using var server = await RunningServer.StartAsync();
        await RegisterAsync(server.Port, "tester", "correct-horse");
        await using var client = ClientProcess.Start("tester", "127.0.0.1", server.Port.ToString(), "--password-file", PasswordFile("correct-horse"));

        await client.ExpectOutputAsync(l => l == "Welcome to the chat server!", "the welcome");
        Assert.Contains("Password for tester:", client.Output);
        await client.TypeAsync("/password correct-horse battery-staple");
        await client.ExpectOutputAsync(l => l == "Password changed", "the change");
        client.CloseInput();
        Assert.Equal(0, await client.ExitCodeAsync());

        Assert.Contains("> /password ********", client.Output);
        Assert.DoesNotContain(client.Output.Concat(client.Errors), l => l.Contains("correct-horse") || l.Contains("battery-staple"));
    }

    [Fact]
    public async Task Piped_input_gives_the_password_as_its_first_line()
    {
        await using var server = await RunningServer.StartAsync();
        await RegisterAsync(server.Port, "tester", "correct-horse");
        await using var peer = await LineClient.LogInAsync(server.Port, "peer");
        await using var client = ClientProcess.Start("tester", "127.0.0.1", server.Port.ToString());

        await client.TypeAsync("correct-horse\n/users");
        await client.ExpectOutputAsync(l => l == "Users: peer, tester", "the users, once logged in");
        client.CloseInput();
        Assert.Equal(0, await client.ExitCodeAsync());
    }

    [Fact]
    public async Task A_wrong_password_is_a_permanent_refusal_even_with_reconnect()
    {
        await using var server = await RunningServer.StartAsync();
        await RegisterAsync(server.Port, "tester", "correct-horse");
        await using var client = ClientProcess.Start("tester", "127.0.0.1", server.Port.ToString(), "--reconnect", "--password-file", PasswordFile("wrong-horse"));

        Assert.Equal(3, await client.ExitCodeAsync());
        Assert.Equal(["Wrong password for tester"], client.Errors);   // once, whose, and no retry
        Assert.DoesNotContain(client.Output, l => l.Contains("Wrong password"));
        Assert.DoesNotContain(client.Output, l => l == "Welcome to the chat server!");
    }

    [Fact]
    public void The_password_file_option_needs_a_file()
    {
        Assert.Equal("secret.txt", ClientOptions.Parse(["alice", "--password-file", "secret.txt", "localhost"], out _)!.PasswordFile);
        Assert.Null(ClientOptions.Parse(["alice", "--password-file"], out var error));
        Assert.Equal("--password-file needs a file", error);
    }
}
