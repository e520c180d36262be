using RxChat.Server.Protocol;

namespace RxChat.Tests.Server.Protocol;

/// <summary>A line is rendered once for every IRC client; each keeps only the tags its capabilities asked for.</summary>
public sealed class IrcOutputTests
{
    private const string Replayed = "@batch=h7;time=2026-01-02T03:04:05.000Z :amy!amy@local PRIVMSG #main :hi";
    private const string BatchStart = "@time=2026-01-02T03:04:05.000Z :rxchat BATCH +h7 chathistory #main";

    [Fact]
    public void A_client_that_took_nothing_gets_plain_lines_and_no_batches()
    {
        Assert.Equal(":amy!amy@local PRIVMSG #main :hi", IrcOutput.Adapt(Replayed, IrcCapabilities.None));
        Assert.Null(IrcOutput.Adapt(BatchStart, IrcCapabilities.None));
        Assert.Equal(":rxchat 001 amy :Welcome", IrcOutput.Adapt(":rxchat 001 amy :Welcome", IrcCapabilities.None));
    }

    [Fact]
    public void Server_time_keeps_the_time_and_batch_the_batch()
    {
        Assert.Equal("@time=2026-01-02T03:04:05.000Z :amy!amy@local PRIVMSG #main :hi", IrcOutput.Adapt(Replayed, IrcCapabilities.ServerTime));
        Assert.Null(IrcOutput.Adapt(BatchStart, IrcCapabilities.ServerTime));
        Assert.Equal("@batch=h7 :amy!amy@local PRIVMSG #main :hi", IrcOutput.Adapt(Replayed, IrcCapabilities.Batch));
        Assert.Equal(Replayed, IrcOutput.Adapt(Replayed, IrcCapabilities.Batch | IrcCapabilities.ServerTime));
        Assert.Equal(BatchStart, IrcOutput.Adapt(BatchStart, IrcCapabilities.Batch | IrcCapabilities.ServerTime));
    }

    [Theory]
    [InlineData("PRIVMSG #main :hello there", "PRIVMSG", new[] { "#main", "hello there" })]
    [InlineData("@+typing=active :me!me@x privmsg #main hi", "PRIVMSG", new[] { "#main", "hi" })]
    [InlineData("JOIN   #a,#b  key", "JOIN", new[] { "#a,#b", "key" })]
    [InlineData("PRIVMSG #main :", "PRIVMSG", new[] { "#main", "" })]
    [InlineData("QUIT", "QUIT", new string[0])]
    public void A_message_is_read_past_its_tags_and_source(string line, string command, string[] parameters)
    {
        var message = IrcMessage.Parse(line)!;
        Assert.Equal(command, message.Command);
        Assert.Equal(parameters, message.Params);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("@tag=1")]
    [InlineData(":source")]
    public void A_line_without_a_command_is_nothing(string line) => Assert.Null(IrcMessage.Parse(line));
}
