using RxChat.Server.Core;
using RxChat.Server.Export;
using RxChat.Server.Protocol;

namespace RxChat.Tests.Server.Export;

/// <summary>The line a text client types for a logged command: the parser read backwards, never a line that reads as something else.</summary>
public class TypedLineTests
{
    [Theory]
    [InlineData("/join main")]
    [InlineData("/join")]
    [InlineData("hello, is anyone there?")]
    [InlineData("/users")]
    [InlineData("/room")]
    [InlineData("/leader")]
    [InlineData("/rooms")]
    [InlineData("/who")]
    [InlineData("/history")]
    [InlineData("/history 5")]
    [InlineData("/help")]
    [InlineData("/dance")]
    [InlineData("quit")]
    [InlineData("/msg bob see you at six")]
    [InlineData("/me waves")]
    [InlineData("/topic")]
    [InlineData("/topic release on friday")]
    [InlineData("/kick mallory")]
    [InlineData("/kick mallory spamming")]
    [InlineData("/msg")]
    [InlineData("/me")]
    [InlineData("/kick")]
    public void A_typed_line_read_then_typed_back_is_the_same_line(string line)
    {
        var command = CommandParser.Parse(line, isFirst: false)!;

        Assert.Equal(line, TypedLine.Of(command, awaitingLogin: false));
    }

    [Fact]
    public void The_first_line_is_the_username()
    {
        Assert.Equal("alice", TypedLine.Of(new Login("alice"), awaitingLogin: true));
        Assert.Null(TypedLine.Of(new Login("alice"), awaitingLogin: false)); // typed later it would be a chat line
        Assert.Null(TypedLine.Of(new Login("alice", Account: 3), awaitingLogin: true)); // a password went with it
    }

    [Fact]
    public void What_the_text_protocol_cannot_say_has_no_line()
    {
        Assert.Null(TypedLine.Of(new ExitRoom(), awaitingLogin: false)); // IRC's PART
        Assert.Null(TypedLine.Of(new Say("/join main"), awaitingLogin: false)); // a JSON chat line that reads as a command
        Assert.Null(TypedLine.Of(new Say("hi", Room: "main"), awaitingLogin: false));
        Assert.Null(TypedLine.Of(new Resume(12), awaitingLogin: false));
        Assert.Null(TypedLine.Of(new Disconnected("closed by peer"), awaitingLogin: false));
    }
}
