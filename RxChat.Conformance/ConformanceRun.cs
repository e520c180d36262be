using RxChat.Scenarios;

namespace RxChat.Conformance;

/// <summary>The outcome of a run: how many scenarios passed and failed (skipped ones count in neither).</summary>
internal sealed record ConformanceTally(int Passed, int Failed, IReadOnlyList<string> FailedScenarios)
{
    public int ExitCode => Failed == 0 ? 0 : 1;
}

/// <summary>
/// Plays every scenario of the folder in name order, one report line each — <c>pass</c>,
/// <c>fail</c> with the first differing line, or <c>skip</c> with the tags that rule it out —
/// and ends with <c>N passed, N failed</c>.
/// </summary>
internal static class ConformanceRun
{
    public static async Task<ConformanceTally> RunAsync(ConformanceOptions options, IServerUnderTest server, TextWriter report, CancellationToken cancel)
    {
        var names = Directory.EnumerateFiles(options.MarblesFolder, "*.marble")
            .Select(Path.GetFileNameWithoutExtension)
            .OfType<string>()
            .Where(name => options.Only.Count == 0 || options.Only.Contains(name))
            .Order(StringComparer.Ordinal)
            .ToList();
        var width = names.Count == 0 ? 0 : names.Max(n => n.Length);
        var player = new WirePlayer(options.Frame);
        var failed = new List<string>();
        var passed = 0;
        foreach (var name in names)
        {
            var outcome = await PlayOneAsync(Path.Combine(options.MarblesFolder, name + ".marble"), options.Profile, player, server, cancel);
            if (outcome.Passed is true) passed++;
            if (outcome.Passed is false) failed.Add(name);
            await report.WriteLineAsync($"{outcome.Word}  {name.PadRight(width)}  {outcome.Detail}".TrimEnd());
            await report.FlushAsync(cancel);
        }
        await report.WriteLineAsync($"{passed} passed, {failed.Count} failed");
        return new ConformanceTally(passed, failed.Count, failed);
    }

    private sealed record Outcome(bool? Passed, string Word, string Detail);

    private static async Task<Outcome> PlayOneAsync(string path, Profile profile, WirePlayer player, IServerUnderTest server, CancellationToken cancel)
    {
        ChatScenario scenario;
        try { scenario = ScenarioParser.Load(path, $"marbles/{Path.GetFileName(path)}"); }
        catch (ScenarioFormatException bad) { return new Outcome(false, "fail", bad.Message); }
        if (profile.SkipReason(scenario) is { } tags) return new Outcome(null, "skip", $"[{tags}]");

        try
        {
            var endpoint = await server.ReadyAsync(cancel);
            var received = await player.PlayAsync(scenario, endpoint, cancel);
            return WireVerdict.FirstDifference(scenario, received) is { } difference
                ? new Outcome(false, "fail", difference)
                : new Outcome(true, "pass", "");
        }
        catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException or InvalidOperationException or TimeoutException)
        {
            return new Outcome(false, "fail", e.Message.ReplaceLineEndings(" | "));
        }
        finally
        {
            await server.DoneAsync();
        }
    }
}
