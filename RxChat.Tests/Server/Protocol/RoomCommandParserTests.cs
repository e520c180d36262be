using RxChat.Server.Core;
using RxChat.Server.Protocol;

namespace RxChat.Tests.Server.Protocol;

/// <summary>How <c>/msg</c>, <c>/me</c>, <c>/topic</c> and <c>/kick</c> are read (PROTOCOL.md Part 3).</summary>
public sealed class RoomCommandParserTests
{
    private static Command? Parse(string line) => CommandParser.Parse(line, isFirst: false);

    [Fact]
    public void Msg_takes_the_first_word_as_the_user_and_the_rest_as_the_text()
    {
        Assert.Equal(new Tell("bob", "hi there: how are you?"), Parse("/msg bob   hi there: how are you?  "));
        Assert.Equal(new Tell("bob", "hi"), Parse("/msg bob\thi"));
    }

    [Theory]
    [InlineData("/msg")]
    [InlineData("/msg bob")]
    [InlineData("/msg   bob   ")]
    [InlineData("/msg bob \u001b[31m")] // nothing left once cleaned, like a chat line
    public void Msg_without_a_user_or_text_is_shown_the_usage(string line) => Assert.Equal(new Misused(CommandName.Msg), Parse(line));

    [Fact]
    public void Me_is_an_action_cleaned_like_a_chat_line()
    {
        Assert.Equal(new Act("waves at everyone"), Parse("/me  waves at everyone "));
        Assert.Equal(new Misused(CommandName.Me), Parse("/me"));
        Assert.Equal(new Misused(CommandName.Me), Parse("/me \u0007"));
    }

    [Fact]
    public void Topic_alone_asks_and_with_text_sets()
    {
        Assert.Equal(ShowTopic.Instance, Parse("/topic"));
        Assert.Equal(ShowTopic.Instance, Parse("/topic    "));
        Assert.Equal(new SetTopic("release: Friday"), Parse("/topic  release: Friday "));
    }

    [Fact]
    public void Kick_takes_a_user_and_an_optional_reason()
    {
        Assert.Equal(new Kick("bob"), Parse("/kick bob"));
        Assert.Equal(new Kick("bob", "spamming the room"), Parse("/kick  bob  spamming the room"));
        Assert.Equal(new Misused(CommandName.Kick), Parse("/kick"));
    }

    [Theory]
    [InlineData("/msgbob hi")]
    [InlineData("/meow")]
    [InlineData("/topics")]
    [InlineData("/kickbob")]
    [InlineData("/MSG bob hi")]
    public void Lookalikes_are_unknown_commands(string line) => Assert.IsType<UnknownCommand>(Parse(line));
}
