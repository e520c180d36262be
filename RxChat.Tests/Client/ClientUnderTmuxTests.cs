using System.Text.RegularExpressions;
using RxChat.Tests.Support;

namespace RxChat.Tests.Client;

/// <summary>
/// The built client in a real terminal (tmux, 100×30) against the real server, used as a
/// person would: it types, the window is narrowed and widened, others talk, and the screen
/// is read back with its colours.
/// </summary>
public sealed partial class ClientUnderTmuxTests
{
    private const string Typed =
        "a line of ninety characters that is typed in a window of a hundred and then shrinks to forty";

    [Fact]
    public async Task A_person_chats_resizes_and_sees_a_clean_screen_the_room_a_highlighted_mention_and_two_colours()
    {
        Assert.True(TmuxTerminal.IsInstalled(), "tmux is not installed (the Debian package; .ci/run installs it)");
        await using var server = await RunningServer.StartAsync();
        using var screen = TmuxTerminal.Start(100, 30, "dotnet", ClientProcess.ClientDll, "alice", "127.0.0.1", server.Port.ToString());

        await screen.ExpectAsync(rows => TmuxTerminal.InputRow(rows) == "alice>", "the prompt after the welcome");
        screen.Type("/join main");
        screen.Press("Enter");
        await screen.ExpectAsync(rows => TmuxTerminal.InputRow(rows) == "[main] alice>", "the room in the prompt");

        await using var bob = await LineClient.LogInAsync(server.Port, "bob");
        await using var carol = await LineClient.LogInAsync(server.Port, "carol");
        await bob.SendLineAsync("/join main");
        await carol.SendLineAsync("/join main");
        await bob.SendLineAsync("alice, the build is green");
        await carol.SendLineAsync("thanks bob");
        await screen.ExpectAsync(rows => rows.Any(r => r.EndsWith("carol: thanks bob")), "both messages");

        screen.Type(Typed);
        await screen.ExpectAsync(rows => TmuxTerminal.InputRow(rows).EndsWith("shrinks to forty"), "the typed line");
        screen.Resize(40, 30);
        await screen.ExpectAsync(rows => TmuxTerminal.InputRow(rows) is { Length: <= 40 } row && row.EndsWith("shrinks to forty"),
            "the input redrawn for 40 columns");
        screen.Resize(100, 30);
        await screen.ExpectAsync(rows => TmuxTerminal.InputRow(rows).Length > 40, "the input redrawn for 100 columns");
        await bob.SendLineAsync("after the resize");
        // The message is printed above the input row, which is then drawn again: a capture in
        // between sees the message without the prompt, so wait for both (the bound decides failure).
        var rows = await screen.ExpectAsync(rows => rows.Any(r => r.EndsWith("bob: after the resize"))
            && TmuxTerminal.InputRow(rows).StartsWith("[main] alice> "), "a message after the resizes, and the prompt redrawn");

        // Nothing of the input line is left anywhere but on the input row, scrollback included.
        var pieces = Enumerable.Range(0, Typed.Length / 10).Select(i => Typed.Substring(i * 10, 10)).ToList();
        var input = TmuxTerminal.InputRow(rows);
        Assert.StartsWith("[main] alice> ", input);
        Assert.All(rows.Where(r => r != input), row => Assert.DoesNotContain(pieces, row.Contains));

        var coloured = screen.ColouredRows();
        var mention = Assert.Single(coloured, r => TmuxTerminal.Unstyled(r).EndsWith("bob: alice, the build is green"));
        Assert.Matches(Reverse(), mention);
        Assert.NotEqual(ColourOfName(coloured, "bob"), ColourOfName(coloured, "carol"));
    }

    [Fact]
    public async Task History_on_join_is_dimmed_and_who_marks_the_leader()
    {
        Assert.True(TmuxTerminal.IsInstalled(), "tmux is not installed (the Debian package; .ci/run installs it)");
        await using var server = await RunningServer.StartAsync();
        await using var bob = await LineClient.LogInAsync(server.Port, "bob");
        await bob.SendLineAsync("/join main");
        Assert.Equal("You joined room main", await bob.ReadLineAsync());
        await bob.SendLineAsync("has anyone seen the build?");
        await bob.SendLineAsync("it is green again");
        await bob.ExpectNothingMoreAsync();   // both lines are in the room's history
        using var screen = TmuxTerminal.Start(100, 30, "dotnet", ClientProcess.ClientDll, "alice", "127.0.0.1", server.Port.ToString());
        await screen.ExpectAsync(rows => TmuxTerminal.InputRow(rows) == "alice>", "the prompt after the welcome");

        screen.Type("/join main");
        screen.Press("Enter");
        await screen.ExpectAsync(rows => rows.Contains("--- end of history ---"), "the end of the history");
        screen.Type("/who");
        screen.Press("Enter");
        await screen.ExpectAsync(rows => rows.Contains("Members of main: bob (leader), alice"), "the members");

        var coloured = screen.ColouredRows();
        var history = coloured.Where(r => TmuxTerminal.Unstyled(r).EndsWith("bob: it is green again")
                                          || TmuxTerminal.Unstyled(r) == "--- 2 earlier messages in main ---").ToList();
        Assert.Equal(2, history.Count);
        Assert.All(history, row => Assert.Matches(Dim(), row));
    }

    /// <summary>The foreground colour tmux reports just before a speaker's name on their chat line.</summary>
    private static string ColourOfName(IReadOnlyList<string> coloured, string name)
    {
        foreach (var row in coloured)
        {
            var match = Regex.Match(row, $@"((?:\u001b\[[0-9;]*m)+){Regex.Escape(name)}(?:\u001b\[[0-9;]*m)*: ");
            if (!match.Success) continue;
            var colour = Regex.Match(match.Groups[1].Value, @"38;(?:5;\d+|2;\d+;\d+;\d+)");
            Assert.True(colour.Success, $"{name} is shown without a colour of its own: {row}");
            return colour.Value;
        }
        throw new Xunit.Sdk.XunitException($"No chat line of {name} on the screen");
    }

    /// <summary>Faint text (SGR 2, alone or with others).</summary>
    [GeneratedRegex(@"\u001b\[(?:\d+;)*2(?:;\d+)*m")]
    private static partial Regex Dim();

    /// <summary>The user's name in reverse video (SGR 7, alone or with others).</summary>
    [GeneratedRegex(@"\u001b\[(?:\d+;)*7(?:;\d+)*m(?:\u001b\[[0-9;]*m)*alice")]
    private static partial Regex Reverse();
}
