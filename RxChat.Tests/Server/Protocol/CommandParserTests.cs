using RxChat.Protocol;
using RxChat.Server.Core;
using RxChat.Server.Protocol;

namespace RxChat.Tests.Server.Protocol;

/// <summary>How a received line becomes a command (PROTOCOL.md: exact, case-sensitive, trimmed).</summary>
public sealed class CommandParserTests
{
    [Theory]
    [InlineData("/users", typeof(ListUsers))]
    [InlineData("  /users  ", typeof(ListUsers))]
    [InlineData("/room", typeof(WhichRoom))]
    [InlineData("/leader", typeof(WhoLeads))]
    [InlineData("/join", typeof(Misused))]
    [InlineData("/join   ", typeof(Misused))]
    [InlineData("quit", typeof(Quit))]
    [InlineData("exit", typeof(Quit))]
    [InlineData("/quit", typeof(Quit))]
    [InlineData("/users now", typeof(UnknownCommand))]
    [InlineData("/USERS", typeof(UnknownCommand))]
    [InlineData("/Join r", typeof(UnknownCommand))]
    [InlineData("/room 1", typeof(UnknownCommand))]
    [InlineData("/leader x", typeof(UnknownCommand))]
    [InlineData("/joinX", typeof(UnknownCommand))]
    [InlineData("/help", typeof(Help))]
    [InlineData("/who", typeof(WhoIsHere))]
    [InlineData("/rooms", typeof(ListRooms))]
    [InlineData("/history", typeof(ShowHistory))]
    [InlineData("/history 5", typeof(ShowHistory))]
    [InlineData("/history 0", typeof(Misused))]
    [InlineData("/history -3", typeof(Misused))]
    [InlineData("/history five", typeof(Misused))]
    [InlineData("/history5", typeof(UnknownCommand))]
    [InlineData("/WHO", typeof(UnknownCommand))]
    [InlineData("Quit", typeof(Say))]
    [InlineData("quit now", typeof(Say))]
    public void Commands_are_matched_exactly(string line, Type expected) =>
        Assert.IsType(expected, CommandParser.Parse(line, isFirst: false));

    [Theory]
    [InlineData("/join main", "main")]
    [InlineData("/join   the  lounge  ", "the  lounge")]
    [InlineData("/join /join", "/join")]
    public void Join_takes_everything_after_the_space_trimmed(string line, string room) =>
        Assert.Equal(new Join(room), CommandParser.Parse(line, isFirst: false));

    [Theory]
    [InlineData("/history", null)]
    [InlineData("/history 7", 7)]
    [InlineData("/history   12 ", 12)]
    public void History_takes_an_optional_count(string line, int? count) =>
        Assert.Equal(new ShowHistory(count), CommandParser.Parse(line, isFirst: false));

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\t")]
    [InlineData("\u001B[31m")]
    public void Blank_lines_are_ignored(string line) => Assert.Null(CommandParser.Parse(line, isFirst: false));

    [Fact]
    public void The_first_line_is_the_username_trimmed() =>
        Assert.Equal(new Login("alice"), CommandParser.Parse("  alice \r", isFirst: true));

    [Fact]
    public void A_first_line_that_looks_like_a_command_is_still_a_username() =>
        Assert.Equal(new Login("/users"), CommandParser.Parse("/users", isFirst: true));

    [Fact]
    public void Quit_before_logging_in_is_a_goodbye() =>
        Assert.IsType<Quit>(CommandParser.Parse("exit", isFirst: true));

    [Fact]
    public void Chat_text_is_trimmed_and_kept_as_typed() =>
        Assert.Equal(new Say("Hello [red]everyone[/]!"), CommandParser.Parse("  Hello [red]everyone[/]!  ", isFirst: false));

    [Theory]
    [InlineData("\u001B[31mred\u001B[0m text", "red text")]
    [InlineData("ding\u0007dong", "dingdong")]
    [InlineData("a\bb", "ab")]
    [InlineData("nul\0byte", "nulbyte")]
    [InlineData("title\u001B]0;owned\u0007!", "title!")]
    [InlineData("tab\there", "tab here")]
    [InlineData("c1\u009B2Jclear", "c1clear")]
    public void Terminal_control_characters_are_never_relayed(string line, string said) =>
        Assert.Equal(new Say(said), CommandParser.Parse(line, isFirst: false));
}
