using System.Net;
using RxChat.Conformance;

namespace RxChat.Tests.Conformance;

/// <summary>A mistake on the runner's command line is exit code 2, before any server is touched.</summary>
public class ConformanceCommandLineTests
{
    [Theory]
    [InlineData("--frame-ms 100")]                                   // neither --server nor --start
    [InlineData("--server 127.0.0.1:7777 --start x{port}")]         // both
    [InlineData("--server 127.0.0.1")]                               // no port
    [InlineData("--start server")]                                   // no {port}
    [InlineData("--server 127.0.0.1:7777 --profile python")]
    [InlineData("--server 127.0.0.1:7777 --frame-ms 0")]
    [InlineData("--server 127.0.0.1:7777 --marbles /nonexistent/marbles")]
    [InlineData("--server 127.0.0.1:7777 --frame 100")]              // no such option
    public async Task A_mistake_is_exit_code_2(string commandLine)
    {
        Assert.Equal(Program.UsageExitCode, await Program.Main(commandLine.Split(' ')));
    }

    [Theory]
    [InlineData("127.0.0.1:7777", "127.0.0.1:7777")]
    [InlineData("[::1]:7777", "[::1]:7777")]
    [InlineData("localhost:7000", "Unspecified/localhost:7000")]
    public void Server_addresses_are_host_and_port(string text, string endpoint)
    {
        Assert.True(Program.TryEndPoint(text, out var parsed));
        Assert.Equal(endpoint, parsed!.ToString());
    }

    [Theory]
    [InlineData("7777")]
    [InlineData("host:")]
    [InlineData("host:70000")]
    public void A_server_address_without_a_port_is_refused(string text) => Assert.False(Program.TryEndPoint(text, out EndPoint? _));
}
