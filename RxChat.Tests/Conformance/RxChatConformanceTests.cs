using RxChat.Conformance;
using RxChat.Tests.Support;

namespace RxChat.Tests.Conformance;

/// <summary>The runner against the real RxChat server, as a process on a free loopback port.</summary>
public sealed class RxChatConformanceTests : IDisposable
{
    private readonly string _dataDir = Directory.CreateTempSubdirectory("rxchat-conformance-").FullName;

    public void Dispose() => Directory.Delete(_dataDir, recursive: true);

    [Fact]
    public async Task One_running_server_passes_the_original_profile()
    {
        // One server for every scenario: what one scenario said in a room must not come back as
        // history in the next, so history on joining is off, as Part 1 has none.
        await using var server = await ServerProcess.StartAsync(_dataDir, "--RxChat:History:OnJoin", "0");

        var (tally, report) = await ConformanceHarness.RunAsync(ConformanceHarness.At(server.Port), Profile.Original);

        var untagged = ConformanceHarness.Scenarios().Count(s => s.Scenario.Tags.Count == 0);
        Assert.True(tally.Failed == 0, report);
        Assert.Equal(untagged, tally.Passed);
        Assert.Contains("skip  history-on-join", report, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_fresh_server_per_scenario_passes_what_only_the_rxchat_profile_plays()
    {
        // The scenarios the test above leaves out, each on a server started for it by --start.
        var extra = ConformanceHarness.Scenarios()
            .Where(s => s.Scenario.Tags.Count > 0 && Profile.RxChat.SkipReason(s.Scenario) is null)
            .Select(s => s.Name)
            .ToList();
        var command = $"exec dotnet \"{ServerProcess.ServerDll}\" --host 127.0.0.1 --port {{port}} --http-port -1 --data-dir :memory: --RxChat:Limits:ExemptLoopback true";

        var (tally, report) = await ConformanceHarness.RunAsync(new StartedServer(command), Profile.RxChat, extra);

        Assert.True(tally.Failed == 0, report);
        Assert.Equal(extra.Count, tally.Passed);
        Assert.Contains("pass  history-on-join", report, StringComparison.Ordinal);
    }
}
