using RxChat.Tests.Support;

namespace RxChat.Tests.Client;

/// <summary>The client in a real terminal (tmux) asks for the password without showing what is typed.</summary>
public sealed class ClientPasswordUnderTmuxTests
{
    [Fact]
    public async Task The_password_is_typed_after_the_prompt_and_never_shown()
    {
        Assert.True(TmuxTerminal.IsInstalled(), "tmux is not installed (the Debian package; .ci/run installs it)");
        await using var server = await RunningServer.StartAsync();
        await using (var owner = await LineClient.LogInAsync(server.Port, "alice"))
        {
            await owner.SendLineAsync("/register correct-horse\nquit");
            await owner.ReadUntilClosedAsync();
        }
        using var screen = TmuxTerminal.Start(100, 30, "dotnet", ClientProcess.ClientDll, "alice", "127.0.0.1", server.Port.ToString());

        await screen.ExpectAsync(rows => rows.Any(r => r == "Password for alice:"), "the server's prompt");
        screen.Type("correct-horse");
        screen.Press("Enter");
        await screen.ExpectAsync(rows => TmuxTerminal.InputRow(rows) == "alice>", "the prompt after the welcome");
        screen.Type("/password correct-horse battery-staple");
        screen.Press("Enter");
        var rows = await screen.ExpectAsync(rows => rows.Any(r => r == "Password changed"), "the change");

        Assert.Contains("> /password ********", rows);
        Assert.DoesNotContain(rows, r => r.Contains("horse") || r.Contains("staple"));
        screen.Press("Up"); // a password command is not kept for recall: Up finds nothing to bring back
        screen.Type("x");
        await screen.ExpectAsync(rows => TmuxTerminal.InputRow(rows) == "alice> x", "nothing recalled before the x");
    }
}
