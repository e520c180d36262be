namespace RxChat.Tests.Scenarios;

/// <summary>
/// The scenario files shipped with the tests: the build copies the repository's
/// <c>marbles/</c> folder next to the test assembly, and every <c>*.marble</c> there is a test case.
/// </summary>
public static class ScenarioFiles
{
    public static string Folder => Path.Combine(AppContext.BaseDirectory, "marbles");

    /// <summary>File names (e.g. <c>leader-reelection.marble</c>), sorted so runs list them alike.</summary>
    public static IEnumerable<string> Names() =>
        Directory.EnumerateFiles(Folder, "*.marble")
            .Select(path => Path.GetFileName(path))
            .Order(StringComparer.Ordinal);

    public static ChatScenario Load(string name) =>
        ScenarioParser.Load(Path.Combine(Folder, name), displayName: $"marbles/{name}");

    /// <summary>For xunit's MemberData: one row per file.</summary>
    public static TheoryData<string> All()
    {
        var data = new TheoryData<string>();
        foreach (var name in Names()) data.Add(name);
        return data;
    }
}
