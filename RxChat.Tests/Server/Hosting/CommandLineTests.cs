using System.Net;
using System.Net.Sockets;
using RxChat.Server.Hosting;
using RxChat.Tests.Support;

namespace RxChat.Tests.Server.Hosting;

/// <summary>
/// The server's command line: read in-process for every rule, then the built server run as a
/// process, as an operator runs it, for what only the process shows — that help and mistakes
/// exit at once without listening, and that settings given as <c>--RxChat:…</c> reach the server.
/// </summary>
public sealed class CommandLineTests
{
    private static ServerCommandLineReading Read(params string[] args) => ServerCommandLine.Read(args);

    [Fact]
    public void Help_lists_every_switch_and_every_setting_with_its_default()
    {
        var help = ServerCommandLine.Help();
        foreach (var name in (string[])["--port", "--http-port", "--host", "--node", "--data-dir", "--tls-port", "--tls-cert", "--tls-key",
                     "--https-port", "--nats", "--help", "--version", "accounts"])
            Assert.Contains(name, help);
        Assert.Contains("[default: 7777]", help);
        Assert.Contains("[default: 8080]", help);
        var lines = help.Split('\n').Select(line => line.TrimEnd()).ToList();
        foreach (var setting in ChatServerOptions.Keys)
        {
            var line = Assert.Single(lines, l => l.TrimStart().StartsWith($"--{setting.Key} ", StringComparison.Ordinal));
            Assert.EndsWith(" " + (setting.DefaultText ?? "(none)"), line);
        }
        Assert.Contains("docs/rxchat.example.jsonc", help);
    }

    [Fact]
    public void The_accounts_help_names_the_real_program()
    {
        var help = ServerCommandLine.Help("accounts");
        Assert.Contains("RxChat.Server accounts add NAME", help);
        Assert.Contains("--data-dir", help);
        Assert.DoesNotContain("rxchat accounts", help);
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    [InlineData("--version")]
    [InlineData("--help|--http-port|-1")]         // a flag after --help is not swallowed, and help still answers
    [InlineData("--port|abc|--help")]              // help answers whatever else is wrong
    [InlineData("accounts|--help")]
    public void Help_and_version_answer_without_starting_anything(string args)
    {
        var reading = Read(args.Split('|'));
        Assert.Null(reading.Error);
        Assert.NotNull(reading.Answer);
        Assert.Null(reading.Accounts);
    }

    [Theory]
    [InlineData("--prot|9000", "unknown option --prot; did you mean --port?")]
    [InlineData("--data-dri|x", "unknown option --data-dri; did you mean --data-dir?")]
    [InlineData("--RxChat:Limits:MaxConection|5", "unknown option --RxChat:Limits:MaxConection; did you mean --RxChat:Limits:MaxConnections?")]
    [InlineData("--RxChat:Limit:MaxConnections|5", "unknown option --RxChat:Limit:MaxConnections; did you mean --RxChat:Limits:MaxConnections?")]
    [InlineData("--RxChat:Nonsense|5", "unknown option --RxChat:Nonsense: not a key of the options tree (RxChat.Server --help lists them)")]
    [InlineData("--port|abc", "bad value for --port: abc (expected a whole number)")]
    [InlineData("--port|70000", "bad value for --port: 70000 (a port: 1 to 65535, or 0 for a free one)")]
    [InlineData("--port|-1", "bad value for --port: -1 (a port: 1 to 65535, or 0 for a free one)")]
    [InlineData("--http-port|65536", "bad value for --http-port: 65536 (a port: 1 to 65535, 0 for a free one, or negative for off)")]
    [InlineData("--RxChat:Limits:MaxConnections|lots", "bad value for --RxChat:Limits:MaxConnections: lots (expected a whole number)")]
    [InlineData("--RxChat:AnnounceLeaders|yes", "bad value for --RxChat:AnnounceLeaders: yes (expected true or false)")]
    [InlineData("--RxChat:Snapshots:EverySeconds|soon", "bad value for --RxChat:Snapshots:EverySeconds: soon (expected a number)")]
    [InlineData("--durability|fast", "bad value for --durability: fast (expected normal or full)")]
    [InlineData("--durability|1", "bad value for --durability: 1 (expected normal or full)")]
    [InlineData("--durability|normal,full", "bad value for --durability: normal,full (expected normal or full)")]
    [InlineData("--RxChat:Durability|sync", "bad value for --RxChat:Durability: sync (expected normal or full)")]
    [InlineData("--host", "--host needs a value")]
    [InlineData("--port|1|2", "unexpected word 2: options start with -- (RxChat.Server --help lists them)")]
    [InlineData("accounts|add|--prot", "unknown option --prot; did you mean --port?")]
    [InlineData("serve", "unexpected word serve: options start with -- (RxChat.Server --help lists them)")]
    [InlineData("acounts|list", "unknown command acounts; did you mean accounts?")]
    [InlineData("accounts", "accounts needs a verb: add, remove or list (RxChat.Server accounts --help)")]
    [InlineData("accounts|add", "accounts add needs a name: RxChat.Server accounts add alice")]
    [InlineData("accounts|lsit", "accounts: unknown verb lsit; did you mean list? (add, remove or list; RxChat.Server accounts --help)")]
    [InlineData("accounts|list|--prot|1", "unknown option --prot; did you mean --port?")]
    public void A_mistake_is_one_line_with_the_likely_fix(string args, string error)
    {
        var reading = Read(args.Split('|'));
        Assert.Equal(error, reading.Error);
        Assert.Null(reading.Answer);
    }

    [Fact]
    public void Every_key_of_the_options_tree_is_a_setting_on_the_command_line()
    {
        foreach (var setting in ChatServerOptions.Keys)
        {
            var value = setting.DefaultText ?? (setting.Type == typeof(int?) ? "7443"
                : setting.Key == $"{ChatServerOptions.Section}:{nameof(ChatServerOptions.TrustedProxies)}" ? "10.0.0.0/8" // a range or nothing
                : "x");
            var reading = Read($"--{setting.Key}", value);
            Assert.True(reading.Error is null, $"{setting.Key}: {reading.Error}");
            Assert.Equal(value, reading.Settings[setting.Key]);
        }
    }

    [Fact]
    public void The_switches_set_their_keys_and_settings_may_be_written_in_any_case_or_with_an_equals_sign()
    {
        var reading = Read("--port", "9000", "--http-port", "-1", "--host", "127.0.0.1", "--node", "n1", "--data-dir", ":memory:",
            "--nats", "nats://a:4222,nats://b:4222", "--tls-port", "0", "--tls-cert", "c.pem", "--tls-key", "k.pem", "--https-port", "-1",
            "--rxchat:limits:maxconnections", "5", "--RxChat:History:OnJoin=0", "--Logging:LogLevel:Default", "Debug");
        Assert.Null(reading.Error);
        Assert.Equal(new Dictionary<string, string?>
        {
            ["RxChat:Port"] = "9000", ["RxChat:HttpPort"] = "-1", ["RxChat:Host"] = "127.0.0.1", ["RxChat:Node"] = "n1",
            ["RxChat:DataDir"] = ":memory:", ["RxChat:Nats:Urls"] = "nats://a:4222,nats://b:4222", ["RxChat:Tls:Port"] = "0",
            ["RxChat:Tls:Cert"] = "c.pem", ["RxChat:Tls:Key"] = "k.pem", ["RxChat:Tls:HttpsPort"] = "-1",
            ["RxChat:Limits:MaxConnections"] = "5", ["RxChat:History:OnJoin"] = "0", ["Logging:LogLevel:Default"] = "Debug",
        }, reading.Settings.ToDictionary());
        Assert.Null(reading.Accounts);
    }

    [Fact]
    public void A_setting_given_again_takes_the_last_value_as_a_script_adds_to_a_base_command_line()
    {
        var reading = Read("--http-port", "0", "--RxChat:Limits:ExemptLoopback", "true", "--http-port", "-1", "--RxChat:Limits:ExemptLoopback", "false");
        Assert.Null(reading.Error);
        Assert.Equal("-1", reading.Settings["RxChat:HttpPort"]);
        Assert.Equal("false", reading.Settings["RxChat:Limits:ExemptLoopback"]);
    }

    [Fact]
    public void Accounts_takes_its_verb_its_name_and_the_servers_settings()
    {
        var reading = Read("accounts", "add", "alice", "--data-dir", "/tmp/x", "--RxChat:Accounts:MinPasswordLength", "12");
        Assert.Null(reading.Error);
        Assert.Equal(new AccountsRequest("add", "alice"), reading.Accounts);
        Assert.Equal("/tmp/x", reading.Settings["RxChat:DataDir"]);
        Assert.Equal("12", reading.Settings["RxChat:Accounts:MinPasswordLength"]);
        Assert.Equal(new AccountsRequest("list", null), Read("--data-dir", "d", "accounts", "list").Accounts);
    }

    // ---- the built server, as a process ----

    /// <summary>A port nothing listens on now (the kernel's pick, released at once).</summary>
    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    /// <summary>Whether something listens on <paramref name="port"/>: binding it succeeds only if not.</summary>
    private static bool Bound(int port)
    {
        try
        {
            using var probe = new TcpListener(IPAddress.Any, port);
            probe.Start();
            return false;
        }
        catch (SocketException)
        {
            return true;
        }
    }

    private static async Task<(int Code, IReadOnlyList<string> Output)> RunAsync(params string[] args)
    {
        await using var server = ServerProcess.Launch(args);
        var code = await server.ExitCodeAsync(); // within ServerProcess.Patience, or the test fails
        return (code, server.Log);
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    public async Task Help_prints_every_option_and_exits_0_without_listening(string help)
    {
        int port = FreePort(), httpPort = FreePort();
        var (code, output) = await RunAsync(help, "--port", port.ToString(), "--http-port", httpPort.ToString(), "--data-dir", ":memory:");
        Assert.Equal(0, code);
        var text = string.Join("\n", output);
        Assert.Contains("--port <PORT>", text);
        Assert.Contains("--RxChat:Limits:MaxConnections", text);
        Assert.DoesNotContain("Server started", text);
        Assert.False(Bound(port));
        Assert.False(Bound(httpPort));
    }

    [Fact]
    public async Task Version_prints_the_version_and_exits_0()
    {
        var (code, output) = await RunAsync("--version");
        Assert.Equal(0, code);
        Assert.Matches(@"^\d+\.\d+\.\d+", Assert.Single(output));
    }

    [Theory]
    [InlineData("--prot|9000", "rxchat: unknown option --prot; did you mean --port?")]
    [InlineData("--port|abc", "rxchat: bad value for --port: abc (expected a whole number)")]
    [InlineData("--port|70000", "rxchat: bad value for --port: 70000 (a port: 1 to 65535, or 0 for a free one)")]
    [InlineData("--durability|fast", "rxchat: bad value for --durability: fast (expected normal or full)")]
    [InlineData("--RxChat:Limits:MaxConection|5", "rxchat: unknown option --RxChat:Limits:MaxConection; did you mean --RxChat:Limits:MaxConnections?")]
    public async Task A_mistake_is_one_line_and_exit_2_without_listening(string args, string line)
    {
        var port = FreePort();
        var (code, output) = await RunAsync(["--http-port", port.ToString(), "--data-dir", ":memory:", .. args.Split('|')]);
        Assert.Equal(2, code);
        Assert.Equal([line], output);
        Assert.False(Bound(port));
    }

    [Fact]
    public async Task Accounts_help_exits_0()
    {
        var (code, output) = await RunAsync("accounts", "--help");
        Assert.Equal(0, code);
        Assert.Contains("RxChat.Server accounts list", string.Join("\n", output));
    }

    [Fact]
    public async Task A_setting_given_as_a_configuration_key_reaches_the_server()
    {
        await using var server = await ServerProcess.StartAsync(":memory:", "--RxChat:Limits:MaxConnections", "1");
        await using var alice = await LineClient.LogInAsync(server.Port, "alice");
        await using var bob = await LineClient.ConnectAsync(server.Port);
        Assert.Equal(["Server is full"], await bob.ReadUntilClosedAsync());
    }
}
