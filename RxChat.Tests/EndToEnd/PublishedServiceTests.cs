using System.Diagnostics;
using RxChat.Tests.Support;

namespace RxChat.Tests.EndToEnd;

/// <summary>
/// The server as it is deployed (docs/operations.md, "Running as a service"): the
/// single-file, self-contained <c>dotnet publish</c> for linux-x64, run on its own — no
/// <c>dotnet</c> in front of it — and the systemd unit in <c>deploy/</c>. <c>.ci/run</c>
/// publishes first and names the file in <c>RXCHAT_PUBLISHED</c>; without it, the test
/// publishes a copy of the sources into a temporary folder (a minute or two), so that the
/// working tree's build output is never touched.
/// </summary>
public sealed class PublishedServiceTests : IDisposable
{
    private static readonly TimeSpan PublishPatience = TimeSpan.FromMinutes(15);
    private static readonly SemaphoreSlim Once = new(1, 1);
    private static string? _published;

    private readonly string _dataDir = Directory.CreateTempSubdirectory("rxchat-published-").FullName;

    [Fact]
    public async Task The_published_single_file_server_logs_a_user_in_and_stops_gracefully_on_SIGTERM()
    {
        var executable = await PublishedAsync();
        await using var server = await ServerProcess.StartPublishedAsync(executable, _dataDir, "--http-port", "-1");
        await using (var alice = await LineClient.LogInAsync(server.Port, "alice")) { }
        Assert.Equal(0, await server.TerminateAsync());
        Assert.True(File.Exists(Path.Combine(_dataDir, "rxchat.db")), "the log is kept in the data directory given");
    }

    [Fact]
    public async Task The_systemd_unit_passes_systemd_analyze_verify_with_the_published_server()
    {
        var executable = await PublishedAsync();
        var unit = await File.ReadAllTextAsync(Path.Combine(RepositoryRoot, "deploy", "rxchat.service"));
        Assert.Contains("ExecStart=/opt/rxchat/RxChat.Server ", unit, StringComparison.Ordinal);
        Assert.Contains("Type=notify", unit, StringComparison.Ordinal);
        var dir = Directory.CreateTempSubdirectory("rxchat-unit-").FullName;
        try
        {
            var path = Path.Combine(dir, "rxchat.service");
            await File.WriteAllTextAsync(path, unit.Replace("/opt/rxchat/RxChat.Server", executable, StringComparison.Ordinal));
            var (code, output) = await RunAsync("systemd-analyze", ["verify", path], dir, TimeSpan.FromMinutes(1));
            Assert.True(code == 0 && output.Trim().Length == 0, $"systemd-analyze verify said ({code}):\n{output}");
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    public void Dispose() => Directory.Delete(_dataDir, recursive: true);

    private static string RepositoryRoot
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "RxChat.sln"))) dir = dir.Parent;
            return dir?.FullName ?? throw new InvalidOperationException("RxChat.sln not found above " + AppContext.BaseDirectory);
        }
    }

    /// <summary>The published server: <c>RXCHAT_PUBLISHED</c>, or published once per test run from a copy of the sources.</summary>
    private static async Task<string> PublishedAsync()
    {
        if (Environment.GetEnvironmentVariable("RXCHAT_PUBLISHED") is { Length: > 0 } given)
        {
            Assert.True(File.Exists(given), $"RXCHAT_PUBLISHED={given} does not exist");
            return Path.GetFullPath(given);
        }
        await Once.WaitAsync();
        try
        {
            if (_published is not null) return _published;
            var copy = Directory.CreateTempSubdirectory("rxchat-publish-").FullName;
            foreach (var part in new[] { "RxChat.Server", "RxChat.Protocol" })
                CopyTree(Path.Combine(RepositoryRoot, part), Path.Combine(copy, part));
            // The build's settings come with the sources: the analyzers' severities too, or the
            // copy fails on rules .editorconfig turns down.
            foreach (var settings in (string[])["Directory.Build.props", ".editorconfig"])
                File.Copy(Path.Combine(RepositoryRoot, settings), Path.Combine(copy, settings));
            var output = Path.Combine(copy, "out");
            var (code, log) = await RunAsync("dotnet",
                ["publish", "RxChat.Server", "-c", "Release", "-r", "linux-x64", "--self-contained", "-p:PublishSingleFile=true", "-o", output],
                copy, PublishPatience);
            Assert.True(code == 0, $"dotnet publish failed ({code}):\n{log}");
            return _published = Path.Combine(output, "RxChat.Server");
        }
        finally { Once.Release(); }
    }

    private static void CopyTree(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(from, file);
            if (relative.StartsWith("bin" + Path.DirectorySeparatorChar, StringComparison.Ordinal)
                || relative.StartsWith("obj" + Path.DirectorySeparatorChar, StringComparison.Ordinal)
                || relative.StartsWith("data" + Path.DirectorySeparatorChar, StringComparison.Ordinal)) continue;
            var target = Path.Combine(to, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    private static async Task<(int Code, string Output)> RunAsync(string program, string[] args, string directory, TimeSpan patience)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = directory,
        };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        try { await process.WaitForExitAsync().WaitAsync(patience); }
        catch (TimeoutException) { process.Kill(entireProcessTree: true); throw; }
        return (process.ExitCode, await output + await error);
    }
}
