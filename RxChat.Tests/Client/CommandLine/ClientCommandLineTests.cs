using RxChat.Client;
using RxChat.Client.CommandLine;

namespace RxChat.Tests.Client.CommandLine;

public class ClientCommandLineTests
{
    [Fact]
    public void Help_lists_every_option_and_argument_with_its_default()
    {
        var help = ClientCommandLine.Help();
        foreach (var name in new[] { "--reconnect", "--no-color", "--tls", "--ca <FILE>", "--insecure", "--password-file <FILE>" })
        {
            var line = Assert.Single(help.Split('\n'), l => l.TrimStart().StartsWith(name + " ", StringComparison.Ordinal));
            Assert.Contains("[default: ", line);
        }
        Assert.Contains("[default: 127.0.0.1]", help);
        Assert.Contains("[default: 7777, or 7443 with --tls]", help);
        Assert.Contains("--help", help);
        Assert.Contains("--version", help);
        Assert.Contains("2 wrong arguments", help);
        Assert.DoesNotContain("rxchat-start", help);   // the parsing aid is nobody's option
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    [InlineData("--version")]
    [InlineData("zed|--help")]
    [InlineData("zed|--reconect|--help")]
    public void Help_and_version_are_answers_not_chats(string args)
    {
        var reading = ClientCommandLine.Read(args.Split('|'));
        Assert.Equal((null, null), (reading.Options, reading.Error));
        Assert.NotNull(reading.Answer);
    }

    [Theory]
    [InlineData("zed|--reconect", "unknown option --reconect; did you mean --reconnect?")]
    [InlineData("zed|--nocolor", "unknown option --nocolor; did you mean --no-color?")]
    [InlineData("zed|--tsl", "unknown option --tsl; did you mean --tls?")]
    [InlineData("zed|--password|f", "unknown option --password; did you mean --password-file?")]
    [InlineData("--reconect|zed", "unknown option --reconect; did you mean --reconnect?")]
    [InlineData("zed|h|1|--reconect", "unknown option --reconect; did you mean --reconnect?")]
    [InlineData("zed|--frobnicate", "unknown option --frobnicate")]
    [InlineData("zed|-x", "unknown option -x")]
    public void An_unknown_option_is_one_line_with_the_likely_one(string args, string error)
    {
        var reading = ClientCommandLine.Read(args.Split('|'));
        Assert.Equal(error, reading.Error);
        Assert.Null(reading.Options);
    }

    [Theory]
    [InlineData("zed|h|77x", "Not a port: 77x")]
    [InlineData("zed|h:77x", "Not a port: 77x")]
    [InlineData("zed|h:0", "Not a port: 0")]
    [InlineData("zed|127.0.0.1:7777|7777", "The port is given twice: 127.0.0.1:7777 and 7777; give it once")]
    [InlineData("zed|[::1]:7777|7000", "The port is given twice: [::1]:7777 and 7000; give it once")]
    [InlineData("zed|--ca", "--ca needs a file: --ca cert.pem")]
    [InlineData("zed|h|1|2", "Expected a username, then optionally a host and a port")]
    [InlineData("", "Expected a username, then optionally a host and a port")]
    public void A_bad_value_is_one_line(string args, string error)
    {
        var reading = ClientCommandLine.Read(args.Length == 0 ? [] : args.Split('|'));
        Assert.Equal(error, reading.Error);
        Assert.DoesNotContain('\n', reading.Error!);
    }

    [Theory]
    [InlineData("zed|127.0.0.1:7777", "127.0.0.1", 7777)]
    [InlineData("zed|chat.example.org:8000", "chat.example.org", 8000)]
    [InlineData("zed|[::1]:7001", "::1", 7001)]
    [InlineData("zed|[::1]", "::1", 7777)]
    [InlineData("zed|::1", "::1", 7777)]
    [InlineData("zed|::1|7002", "::1", 7002)]
    [InlineData("zed|localhost|7003", "localhost", 7003)]
    [InlineData("zed|localhost:7004|--tls", "localhost", 7004)]
    [InlineData("zed|localhost|--tls", "localhost", 7443)]
    public void The_host_may_carry_its_port(string args, string host, int port)
    {
        var options = ClientCommandLine.Read(args.Split('|')).Options!;
        Assert.Equal((host, port), (options.Host, options.Port));
    }

    [Theory]
    [InlineData("[bob]")]   // the library would take a first word in brackets for a directive
    [InlineData("@bob")]    // and one starting with @ for a response file
    public void Any_printable_name_is_a_username(string name)
    {
        Assert.Equal(name, ClientCommandLine.Read([name]).Options!.Username);
    }

    [Fact]
    public void Every_documented_argument_still_works()
    {
        var options = ClientCommandLine.Read(
            ["alice", "chat.example.org", "7443", "--reconnect", "--no-color", "--insecure", "--password-file", "pw.txt"]).Options!;
        Assert.Equal(("alice", "chat.example.org", 7443, true, true, true, "pw.txt"),
            (options.Username, options.Host, options.Port, options.Reconnect, options.NoColor, options.Tls!.Insecure, options.PasswordFile));
    }
}
