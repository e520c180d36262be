namespace RxChat.Conformance;

/// <summary>What the command line asks for (Program.cs lists the options with their defaults).</summary>
/// <param name="Server">The running server (<c>--server</c>), or null when <see cref="StartCommand"/> starts one per scenario.</param>
/// <param name="StartCommand">The command with <c>{port}</c> in it (<c>--start</c>).</param>
/// <param name="Frame">Real time per diagram column (<c>--frame-ms</c>).</param>
/// <param name="MarblesFolder">Where the <c>*.marble</c> files are (<c>--marbles</c>).</param>
/// <param name="Only">Scenario names to play (<c>--scenario</c>); empty for all of them.</param>
internal sealed record ConformanceOptions(
    System.Net.EndPoint? Server,
    string? StartCommand,
    TimeSpan Frame,
    Profile Profile,
    string MarblesFolder,
    IReadOnlyList<string> Only)
{
    public const int DefaultFrameMs = 100;

    /// <summary><c>./marbles</c> when run from the repository, else the copy beside the program.</summary>
    public static string DefaultMarblesFolder =>
        Directory.Exists("marbles") ? "marbles" : Path.Combine(AppContext.BaseDirectory, "marbles");
}
