using RxChat.Client;
using RxChat.Client.Rendering;

namespace RxChat.Tests.Client;

public class ClientOptionsTests
{
    [Fact]
    public void Host_and_port_default_to_the_original_servers()
    {
        var options = ClientOptions.Parse(["salam"], out _)!;
        Assert.Equal(("salam", "127.0.0.1", 7777, false, false), (options.Username, options.Host, options.Port, options.Reconnect, options.NoColor));
    }

    [Fact]
    public void The_originals_arguments_and_the_flags_in_any_order()
    {
        var options = ClientOptions.Parse(["--reconnect", "salam", "localhost", "8000", "--no-color"], out _)!;
        Assert.Equal(("salam", "localhost", 8000, true, true), (options.Username, options.Host, options.Port, options.Reconnect, options.NoColor));
    }

    [Theory]
    [InlineData("")]
    [InlineData("|   ")]
    [InlineData("a|h|0")]
    [InlineData("a|h|65536")]
    [InlineData("a|h|77x")]
    [InlineData("a|h|1|extra")]
    [InlineData("a|--colour")]
    public void Bad_arguments_are_explained(string args)
    {
        Assert.Null(ClientOptions.Parse(args.Length == 0 ? [] : args.Split('|'), out var error));
        Assert.False(string.IsNullOrEmpty(error));
    }

    [Theory]
    [InlineData(false, null, false, true, true)]
    [InlineData(true, null, false, true, false)]    // --no-color
    [InlineData(false, "1", false, true, false)]    // NO_COLOR=1
    [InlineData(false, "", false, true, true)]      // NO_COLOR set but empty does not count (no-color.org)
    [InlineData(false, null, true, true, false)]    // output is a pipe or a file
    [InlineData(false, null, false, false, false)]  // TERM=dumb and the like
    public void Colour_only_on_a_terminal_that_was_not_told_otherwise(
        bool option, string? variable, bool redirected, bool ansi, bool expected) =>
        Assert.Equal(expected, ColourChoice.UseColour(option, variable, redirected, ansi));
}
