using System.Net;
using RxChat.Conformance;
using RxChat.Tests.Scenarios;

namespace RxChat.Tests.Conformance;

/// <summary>Runs the conformance runner in the test process, its report captured, against the scenarios copied beside the tests.</summary>
internal static class ConformanceHarness
{
    public static readonly TimeSpan Frame = TimeSpan.FromMilliseconds(ConformanceOptions.DefaultFrameMs);

    public static async Task<(ConformanceTally Tally, string Report)> RunAsync(IServerUnderTest server, Profile profile, IReadOnlyList<string>? only = null)
    {
        var options = new ConformanceOptions(null, null, Frame, profile, ScenarioFiles.Folder, only ?? []);
        var report = new StringWriter();
        var tally = await ConformanceRun.RunAsync(options, server, report, CancellationToken.None);
        return (tally, report.ToString());
    }

    public static IServerUnderTest At(int port) => new RunningServer(new IPEndPoint(IPAddress.Loopback, port));

    /// <summary>Every scenario, read, by name (without <c>.marble</c>).</summary>
    public static IReadOnlyList<(string Name, ChatScenario Scenario)> Scenarios() =>
        [.. ScenarioFiles.Names().Select(file => (Path.GetFileNameWithoutExtension(file), ScenarioFiles.Load(file)))];
}
