using System.Diagnostics;
using RxChat.Tests.Support;

namespace RxChat.Tests.EndToEnd;

/// <summary>
/// Accounts are in the log on disk: they survive a restart of the real server process, and
/// the operator's <c>accounts</c> command writes to the same log while the server is stopped.
/// </summary>
public sealed class AccountRestartTests : IDisposable
{
    private readonly string _dataDir = Directory.CreateTempSubdirectory("rxchat-accounts-").FullName;

    public void Dispose() => Directory.Delete(_dataDir, recursive: true);

    /// <summary><c>RxChat.Server accounts …</c> as an operator runs it, the password (if any) piped to standard input.</summary>
    private async Task<(int Code, string Output, string Error)> AccountsAsync(string? stdin, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        foreach (var arg in (string[])[ServerProcess.ServerDll, "accounts", .. args, "--data-dir", _dataDir]) start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        if (stdin is not null) await process.StandardInput.WriteLineAsync(stdin);
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(ServerProcess.Patience);
        return (process.ExitCode, (await output).Trim(), (await error).Trim());
    }

    private static async Task<List<string>> LogInAsync(int port, string name, string password)
    {
        await using var client = await LineClient.ConnectAsync(port);
        await client.SendLineAsync($"{name}\n{password}");
        var lines = await client.ReadLinesAsync(3);
        if (lines[^1] != "Wrong password") await client.SendLineAsync("quit");
        await client.ReadUntilClosedAsync(); // gone before the next login under the same name
        return lines;
    }

    [Fact]
    public async Task An_account_made_by_the_operator_protects_the_name_across_restarts_of_a_server_that_requires_accounts()
    {
        Assert.Equal((0, "Account created for alice", ""), await AccountsAsync("correct-horse", "add", "alice"));

        await using (var server = await ServerProcess.StartAsync(_dataDir, "--RxChat:Accounts:Required", "true"))
        {
            Assert.Equal("Welcome to the chat server!", (await LogInAsync(server.Port, "alice", "correct-horse"))[^1]);
            Assert.Equal("Wrong password", (await LogInAsync(server.Port, "alice", "wrong-horse"))[^1]);
            await using var stranger = await LineClient.ConnectAsync(server.Port);
            await stranger.SendLineAsync("bob");
            Assert.Equal(["Only registered users may log in here, and bob has no account"], await stranger.ReadUntilClosedAsync());

            var (code, _, error) = await AccountsAsync(null, "remove", "alice");
            Assert.Equal(2, code); // the server holds the data dir: nothing changed, and it says so
            Assert.Contains("in use by another RxChat server; nothing changed (stop the server first", error);
            Assert.DoesNotContain(server.Log, l => l.Contains("correct-horse") || l.Contains("wrong-horse"));
            await server.KillAsync(); // not even a clean stop: the account is in the log already
        }

        await using (var again = await ServerProcess.StartAsync(_dataDir))
        {
            Assert.Equal("Password for alice:", (await LogInAsync(again.Port, "alice", "correct-horse"))[1]);
        }

        Assert.Equal((0, "alice", ""), await AccountsAsync(null, "list"));
        Assert.Equal((0, "Account of alice removed", ""), await AccountsAsync(null, "remove", "ALICE"));
        Assert.Equal(1, (await AccountsAsync(null, "remove", "alice")).Code);
        await using var freed = await ServerProcess.StartAsync(_dataDir);
        await using var anyone = await LineClient.LogInAsync(freed.Port, "alice"); // the name is anyone's again
    }

    [Fact]
    public async Task An_account_registered_over_the_wire_survives_a_restart()
    {
        await using (var server = await ServerProcess.StartAsync(_dataDir))
        {
            await using var alice = await LineClient.LogInAsync(server.Port, "alice");
            await alice.SendLineAsync("/register correct-horse");
            Assert.Equal("Account created for alice", await alice.ReadLineAsync());
        }

        await using var restarted = await ServerProcess.StartAsync(_dataDir);
        Assert.Equal(
            ["Warning: this connection is not encrypted; your password travels in clear", "Password for alice:", "Welcome to the chat server!"],
            await LogInAsync(restarted.Port, "Alice", "correct-horse"));
    }
}
