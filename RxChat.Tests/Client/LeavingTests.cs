using System.Globalization;

namespace RxChat.Tests.Client;

/// <summary>
/// quit, exit, Ctrl+C and Ctrl+D leave even when the server never closes its side: the client
/// says goodbye (<c>quit</c>, then its FIN) and exits by itself. How fast is measured by hand
/// (README, "The client"); these tests wait for the exit with a generous bound.
/// </summary>
public sealed class LeavingTests
{
    [Theory]
    [InlineData("quit")]
    [InlineData("exit")]
    public async Task Typing_a_goodbye_leaves_though_the_server_never_closes(string goodbye)
    {
        await using var server = new NeverClosingServer();
        await using var client = ClientProcess.Start("alice", "127.0.0.1", Port(server));
        await client.ExpectOutputAsync(l => l == "Welcome to the chat server!", "the welcome");
        await client.TypeAsync(goodbye);

        Assert.Equal(0, await client.ExitCodeAsync());
        Assert.Equal(["alice", "quit"], await server.ClientFinishedAsync());
    }

    [Fact]
    public async Task The_end_of_piped_input_leaves_though_the_server_never_closes()
    {
        await using var server = new NeverClosingServer();
        await using var client = ClientProcess.Start("alice", "127.0.0.1", Port(server));
        await client.ExpectOutputAsync(l => l == "Welcome to the chat server!", "the welcome");
        await client.TypeAsync("/users");
        client.CloseInput();

        Assert.Equal(0, await client.ExitCodeAsync());
        Assert.Equal(["alice", "/users", "quit"], await server.ClientFinishedAsync());
    }

    [Fact]
    public async Task An_interrupt_signal_leaves_though_the_server_never_closes()
    {
        await using var server = new NeverClosingServer();
        await using var client = ClientProcess.Start("alice", "127.0.0.1", Port(server));
        await client.ExpectOutputAsync(l => l == "Welcome to the chat server!", "the welcome");
        client.Interrupt();

        Assert.Equal(0, await client.ExitCodeAsync());
        Assert.Equal(["alice", "quit"], await server.ClientFinishedAsync());
    }

    [Theory]
    [InlineData("C-c")]
    [InlineData("C-d")]
    public async Task Ctrl_C_or_Ctrl_D_in_a_terminal_leaves_though_the_server_never_closes(string key)
    {
        Assert.True(TmuxTerminal.IsInstalled(), "tmux is not installed (the Debian package; .ci/run installs it)");
        await using var server = new NeverClosingServer();
        // The shell says when the client has exited, and with what, then keeps the window open to read it.
        using var screen = TmuxTerminal.Start(100, 30, "sh", "-c",
            $"dotnet '{ClientProcess.ClientDll}' alice 127.0.0.1 {Port(server)}; echo \"[client exited: $?]\"; exec sleep 600");
        await screen.ExpectAsync(rows => TmuxTerminal.InputRow(rows) == "alice>", "the prompt after the welcome");
        screen.Press(key);

        await screen.ExpectAsync(rows => rows.Contains("[client exited: 0]"), "the client exiting by itself");
        Assert.Equal(["alice", "quit"], await server.ClientFinishedAsync());
    }

    private static string Port(NeverClosingServer server) => server.Port.ToString(CultureInfo.InvariantCulture);
}
