using RxChat.Scenarios;
using RxChat.Server.Core;
using RxChat.Server.Hosting;
using RxChat.Server.Log;
using RxChat.Tests.Scenarios;
using RxChat.Tests.Server.Log.Nats;

namespace RxChat.Tests.Server.Export;

/// <summary><c>export-marble --nats URL</c>: a cluster's stream in a real <c>nats-server</c>, read as a node reads it, exported and replayed.</summary>
public sealed class NatsExportTests : InProcessNatsTest
{
    private static Stamped At(string node, long connection, Command command) =>
        new(new ConnectionId(node, connection), DateTimeOffset.UtcNow, command);

    [Fact]
    public async Task Two_nodes_sharing_a_stream_export_as_two_node_lanes_and_the_marble_passes()
    {
        var n1 = await OpenLogAsync("n1");
        var n2 = await OpenLogAsync("n2");
        n1.Append([At("n1", 0, NodeStarted.Instance)]);
        n2.Append([At("n2", 0, NodeStarted.Instance)]);
        n1.Append([At("n1", 1, Connected.Instance), At("n1", 1, new Login("alice")), At("n1", 1, new Join("main"))]);
        n2.Append([At("n2", 1, Connected.Instance), At("n2", 1, new Login("bob")), At("n2", 1, new Join("main"))]);
        n2.Append([At("n2", 1, new Say("hello from the other node"))]);

        var output = new StringWriter();
        var error = new StringWriter();
        var options = new ChatServerOptions { Node = "exporter" };
        options.Nats.Urls = Nats.Url;
        int code = ExportMarbleCommand.Run(new ExportMarbleRequest(null, null, null), options, output, error);

        Assert.Equal((0, ""), (code, error.ToString()));
        var marble = output.ToString();
        Assert.Contains("alice@n1 sends", marble, StringComparison.Ordinal);
        Assert.Contains("bob@n2 sends", marble, StringComparison.Ordinal);
        Assert.Contains(": hello from the other node", marble, StringComparison.Ordinal);
        var verdict = ScenarioRunner.Run(ScenarioParser.Parse(marble, "exported.marble"));
        Assert.True(verdict.Passed, verdict.Report + "\n" + marble);
    }
}
