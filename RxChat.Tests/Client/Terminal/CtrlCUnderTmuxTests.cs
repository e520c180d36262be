using System.Globalization;

namespace RxChat.Tests.Client.Terminal;

/// <summary>Ctrl+C as a person presses it, in a real terminal (tmux): first it clears the typed line, then it leaves.</summary>
public sealed class CtrlCUnderTmuxTests
{
    [Fact]
    public async Task Ctrl_c_clears_a_typed_line_then_leaves_from_the_empty_one()
    {
        Assert.True(TmuxTerminal.IsInstalled(), "tmux is not installed (the Debian package; .ci/run installs it)");
        await using var server = new NeverClosingServer();
        using var screen = TmuxTerminal.Start(100, 30, "sh", "-c",
            $"dotnet '{ClientProcess.ClientDll}' alice 127.0.0.1 {server.Port.ToString(CultureInfo.InvariantCulture)}; echo \"[client exited: $?]\"; exec sleep 600");
        await screen.ExpectAsync(rows => TmuxTerminal.InputRow(rows) == "alice>", "the prompt after the welcome");

        screen.Type("half a thought");
        await screen.ExpectAsync(rows => TmuxTerminal.InputRow(rows) == "alice> half a thought", "the typed line");
        screen.Press("C-c");
        await screen.ExpectAsync(rows => TmuxTerminal.InputRow(rows) == "alice>", "the line cleared, the client still there");

        screen.Press("C-c");
        await screen.ExpectAsync(rows => rows.Contains("[client exited: 0]"), "the client leaving");
        Assert.Equal(["alice", "quit"], await server.ClientFinishedAsync());   // the abandoned line was never sent
    }
}
