using System.Text.RegularExpressions;
using RxChat.Client.Lines;
using RxChat.Client.Rendering;
using Spectre.Console;

namespace RxChat.Tests.Client.Rendering;

/// <summary>
/// Rendering is a pure function from a classified line to markup; these tests check the
/// two promises it makes: the words on screen are exactly the server's, and colour says
/// what the line is.
/// </summary>
public partial class LineRendererTests
{
    public static readonly TheoryData<string> ProtocolLines =
    [
        "Welcome to the chat server!",
        "Users: alice, bob",
        "You are in room main",
        "You are not in any room",
        "You joined room main",
        "You are already in room main",
        "Leader of room main: alice",
        "No leader (join a room first)",
        "Usage: /join <room>",
        "Unknown command",
        "Join a room first using /join <room>",
        "[12:34:56] bob: Hello everyone!",
        "[12:34:56] bob joined the room",
        "[12:35:01] alice left the room main",
        "Server is shutting down",
        "Username \"bob\" is already in use",
        "Line too long (max 4096 bytes)",
        "Slow down",
        "[12:34:56] [admin]: [red]not red[/] [[escaped]] [/]",
        "[12:34:56] bob: [12:00:01] eve: quoted",
        "[12:34:56] a]b[c joined the room",
        "[12:34:56] x[/] left the room [bold]",
        "Leader of room [red]: [/]",
        "Users: [a], b]",
        "You joined room [blink]",
        "[12:34:56] bob is now the leader of main",
        "Members of main: alice (leader), bob",
        "Members of [x]: [a] (leader), b]",
        "Rooms: dev (1), main (3)",
        "Rooms: [dev] (1)",
        "No rooms yet",
        "--- 2 earlier messages in main ---",
        "--- 1 earlier message in [main] ---",
        "--- end of history ---",
        "No earlier messages in main",
        "Server is full",
        "Not delivered: the server could not store it",
        "[12:34:56] something new",
        "anything else [at all]",
        "[12:34:56] alice -> bob: [red]psst[/]",
        "[12:34:56] * bob waves [wildly]",
        "Topic of [main]: [b]be nice[/b]",
        "No topic set for main",
        "[12:34:56] alice set the topic of main: be nice",
        "You were removed from main by alice: [spam]",
        "You were removed from main by alice",
        "[12:34:56] bob was removed from main by alice",
        "[12:34:56] bob was removed from main by alice: spamming",
        "",
    ];

    [Theory]
    [MemberData(nameof(ProtocolLines))]
    public void The_visible_text_is_exactly_the_servers_line(string received)
    {
        var line = ServerLineClassifier.Classify(received);
        Assert.Equal(received, VisibleText(LineRenderer.ToMarkup(line)));
        Assert.Equal(received, LineFormatter.Plain.Format(line));
    }

    [Theory]
    [MemberData(nameof(ProtocolLines))]
    public void Coloured_output_is_the_line_plus_styles_and_nothing_else(string received)
    {
        var ansi = LineFormatter.Coloured(ColorSystem.TrueColor).Format(ServerLineClassifier.Classify(received));
        Assert.Equal(received, Sgr().Replace(ansi, ""));
    }

    [Fact]
    public void Plain_output_has_no_escape_at_all_even_when_the_server_sent_some()
    {
        var line = ServerLineClassifier.Classify("[12:34:56] bob: \u001b[31mred\u001b[0m \u001b]0;title\u0007");
        var plain = LineFormatter.Plain.Format(line);
        Assert.Equal("[12:34:56] bob: red ", plain);
        Assert.DoesNotContain('\u001b', plain);
    }

    [Theory]
    [MemberData(nameof(ProtocolLines))]
    public void A_coloured_line_ends_with_every_style_switched_off(string received)
    {
        var ansi = LineFormatter.Coloured(ColorSystem.EightBit).Format(ServerLineClassifier.Classify(received));
        Assert.EndsWith(LineFormatter.Reset, ansi);
    }

    [Fact]
    public void Markup_in_a_message_prints_literally()
    {
        var ansi = LineFormatter.Coloured(ColorSystem.TrueColor).Format(ServerLineClassifier.Classify("[12:34:56] bob: [red]x[/]"));
        Assert.Contains("[red]x[/]", ansi);
        Assert.DoesNotContain("\u001b[38;2;255;0;0m", ansi);   // red was never applied
    }

    [Fact]
    public void The_timestamp_is_dim_and_the_name_has_its_own_colour()
    {
        var markup = LineRenderer.ToMarkup(ServerLineClassifier.Classify("[12:34:56] bob: hi"));
        Assert.StartsWith("[dim][[12:34:56]][/] ", markup);
        Assert.Contains($"[bold {UserPalette.ColourOf("bob")}]bob[/]", markup);
    }

    [Fact]
    public void The_same_name_has_the_same_colour_in_every_kind_of_line()
    {
        var style = $"[bold {UserPalette.ColourOf("alice")}]alice[/]";
        Assert.All(
            new[] { "[12:34:56] alice: hi", "[12:34:56] alice joined the room", "[12:34:56] alice left the room main", "Leader of room main: alice", "Users: bob, alice" },
            received => Assert.Contains(style, LineRenderer.ToMarkup(ServerLineClassifier.Classify(received))));
    }

    [Fact]
    public void The_users_own_message_is_styled_apart_from_others()
    {
        var own = LineRenderer.ToMarkup(LocalLines.OwnChat("bob", "hi", new TimeOnly(12, 34, 56)));
        var others = LineRenderer.ToMarkup(ServerLineClassifier.Classify("[12:34:56] bob: hi"));
        Assert.NotEqual(others, own);
        Assert.Equal("[12:34:56] bob: hi", VisibleText(own));
    }

    [Theory]
    [InlineData("Welcome to the chat server!", LineRenderer.WelcomeStyle)]
    [InlineData("Unknown command", LineRenderer.ErrorStyle)]
    [InlineData("Join a room first using /join <room>", LineRenderer.ErrorStyle)]
    [InlineData("Server is shutting down", LineRenderer.ShutdownStyle)]
    [InlineData("You are not in any room", LineRenderer.SystemStyle)]
    [InlineData("Server is full", LineRenderer.ErrorStyle)]
    [InlineData("Rooms: main, dev", LineRenderer.SystemStyle)]
    [InlineData("Not delivered: the server could not store it", LineRenderer.ErrorStyle)]
    [InlineData("Username \"bob\" is already in use", LineRenderer.ErrorStyle)]
    [InlineData("--- end of history ---", LineRenderer.HistoryFrameStyle)]
    public void System_lines_are_styled_apart_from_chat(string received, string style) =>
        Assert.StartsWith($"[{style}]", LineRenderer.ToMarkup(ServerLineClassifier.Classify(received)));

    [Fact]
    public void History_is_dimmed_yet_reads_exactly_as_it_was_said()
    {
        var reading = LineReading.Next(LineReading.Start, "--- 1 earlier message in main ---");
        var history = LineReading.Next(reading, "[12:30:01] alice: [b]old[/] news").Line!;
        var markup = LineRenderer.ToMarkup(history);

        Assert.Equal("[12:30:01] alice: [b]old[/] news", VisibleText(markup));
        Assert.Contains($"[{LineRenderer.HistoryStyle} {UserPalette.ColourOf("alice")}]alice[/]", markup);
        Assert.Contains($"[{LineRenderer.HistoryStyle}]: [[b]]old[[/]] news[/]", markup);
        Assert.NotEqual(LineRenderer.ToMarkup(ServerLineClassifier.Classify("[12:30:01] alice: [b]old[/] news")), markup);
    }

    [Fact]
    public void A_leader_announcement_is_styled_apart_from_a_join()
    {
        var markup = LineRenderer.ToMarkup(ServerLineClassifier.Classify("[12:00:01] bob is now the leader of main"));
        Assert.Contains($"[{LineRenderer.LeaderStyle}]is now the leader of[/]", markup);
        Assert.Contains($"[bold {UserPalette.ColourOf("bob")}]bob[/]", markup);
    }

    [Fact]
    public void Who_marks_the_leader_and_colours_every_member()
    {
        var markup = LineRenderer.ToMarkup(ServerLineClassifier.Classify("Members of main: alice (leader), bob"));
        Assert.Contains($"[bold {UserPalette.ColourOf("alice")}]alice[/][{LineRenderer.LeaderStyle}] (leader)[/]", markup);
        Assert.Contains($"[bold {UserPalette.ColourOf("bob")}]bob[/]", markup);
    }

    [Fact]
    public void A_mention_of_the_user_is_highlighted_wherever_it_is()
    {
        var line = Mentions.Mark(ServerLineClassifier.Classify("[12:34:56] bob: Alice, ask alice's [red]friend[/]"), "alice");
        var markup = LineRenderer.ToMarkup(line);

        Assert.Equal("[12:34:56] bob: Alice, ask alice's [red]friend[/]", VisibleText(markup));
        Assert.Contains($"[{LineRenderer.MentionStyle}]Alice[/], ask [{LineRenderer.MentionStyle}]alice[/]'s", markup);
    }

    [Theory]
    [InlineData("[12:34:56] bob: the bobcat", "alice")]
    [InlineData("[12:34:56] bob: malice aforethought", "alice")]
    [InlineData("[12:34:56] alice joined the room", "alice")]
    public void Only_the_name_as_a_word_in_someone_elses_message_is_a_mention(string received, string me) =>
        Assert.Null(Mentions.Mark(ServerLineClassifier.Classify(received), me).Mentioned);

    [Fact]
    public void Joins_and_leaves_have_their_own_colours()
    {
        Assert.Contains($"[{LineRenderer.JoinStyle}]joined the room[/]",
            LineRenderer.ToMarkup(ServerLineClassifier.Classify("[12:34:56] bob joined the room")));
        Assert.Contains($"[{LineRenderer.LeaveStyle}]left the room[/]",
            LineRenderer.ToMarkup(ServerLineClassifier.Classify("[12:34:56] bob left the room main")));
    }

    [Fact]
    public void Local_lines_read_like_the_servers()
    {
        Assert.Equal("[09:05:00] me: [b]hi", LineFormatter.Plain.Format(LocalLines.OwnChat("me", "[b]hi", new TimeOnly(9, 5))));
        Assert.Equal("> /users", LineFormatter.Plain.Format(LocalLines.OwnCommand("/users")));
        Assert.Equal("Reconnecting [soon]", VisibleText(LineRenderer.ToMarkup(LocalLines.Notice("Reconnecting [soon]"))));
    }

    [Fact]
    public void A_long_line_is_never_wrapped_by_the_renderer()
    {
        var received = "[12:34:56] bob: " + new string('x', 500);
        Assert.DoesNotContain('\n', LineFormatter.Coloured(ColorSystem.Standard).Format(ServerLineClassifier.Classify(received)));
    }

    /// <summary>What a person would read: the markup rendered with every style dropped.</summary>
    private static string VisibleText(string markup)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Out = new AnsiConsoleOutput(TextWriter.Null),
        });
        console.Profile.Width = 100_000;
        return console.ToAnsi(new Markup(markup));
    }

    /// <summary>An SGR sequence (colours, bold, dim): the only escapes the client may print.</summary>
    [GeneratedRegex("\u001b\\[[0-9;]*m")]
    private static partial Regex Sgr();
}
