using System.Diagnostics;
using RxChat.Scenarios;
using RxChat.Tests.Scenarios;
using RxChat.Tests.Support;

namespace RxChat.Tests.EndToEnd;

/// <summary>
/// An incident becomes a test, as an operator does it: a real server on a temp data directory,
/// people chatting over real sockets, the server stopped, <c>RxChat.Server export-marble</c>
/// run as a process, and the marble it wrote played by the marble runner.
/// </summary>
public sealed class IncidentExportTests : IDisposable
{
    private readonly string _dataDir = Directory.CreateTempSubdirectory("rxchat-incident-").FullName;

    public void Dispose() => Directory.Delete(_dataDir, recursive: true);

    /// <summary><c>RxChat.Server export-marble …</c> as an operator runs it.</summary>
    private static async Task<(int Code, string Output, string Error)> ExportAsync(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        foreach (var arg in (string[])[ServerProcess.ServerDll, "export-marble", .. args]) start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(ServerProcess.Patience);
        return (process.ExitCode, await output, (await error).Trim());
    }

    [Fact]
    public async Task A_chat_on_a_real_server_exported_after_it_stopped_plays_out_as_drawn()
    {
        await using (var server = await ServerProcess.StartAsync(_dataDir, "--RxChat:Snapshots:KeepEntries", "true"))
        {
            await using var alice = await LineClient.LogInAsync(server.Port, "alice");
            await alice.SendLineAsync("/join main");
            Assert.Equal("You joined room main", await alice.ReadLineAsync());
            await using var bob = await LineClient.LogInAsync(server.Port, "bob");
            await bob.SendLineAsync("/join main");
            Assert.Equal("You joined room main", await bob.ReadLineAsync());
            Assert.EndsWith("bob joined the room", await alice.ReadLineAsync(), StringComparison.Ordinal);
            await alice.SendLineAsync("hello bob");
            Assert.EndsWith("alice: hello bob", await bob.ReadLineAsync(), StringComparison.Ordinal);
            await bob.SendLineAsync("/leader");
            Assert.Equal("Leader of room main: alice", await bob.ReadLineAsync());
            await bob.SendLineAsync("quit");
            await bob.ReadUntilClosedAsync();
            Assert.EndsWith("bob left the room main", await alice.ReadLineAsync(), StringComparison.Ordinal);
            Assert.Equal(0, await server.TerminateAsync()); // alice is told the server is shutting down
        }

        var file = Path.Combine(_dataDir, "incident.marble");
        var (code, output, error) = await ExportAsync("--data-dir", _dataDir, "--out", file);

        Assert.Equal((0, "", ""), (code, output, error));
        var scenario = ScenarioParser.Load(file);
        Assert.Equal(["alice", "bob"], scenario.Clients.Select(c => c.Name));
        Assert.Contains("Server is shutting down", scenario.Legend.Values);
        var verdict = ScenarioRunner.Run(scenario);
        Assert.True(verdict.Passed, verdict.Report + "\n" + File.ReadAllText(file));
    }

    [Fact]
    public async Task Wrong_arguments_are_one_line_and_exit_code_2()
    {
        var missing = Path.Combine(_dataDir, "nothing-here");
        var (code, output, error) = await ExportAsync("--data-dir", missing);
        Assert.Equal((2, ""), (code, output));
        Assert.Equal($"rxchat: export-marble: no RxChat log in {missing} ({Path.Combine(missing, "rxchat.db")} does not exist)", error);
        Assert.False(Directory.Exists(missing)); // looking made nothing

        Assert.Equal((2, "", "rxchat: export-marble: --from 9 is after --to 3"), await ExportAsync("--data-dir", _dataDir, "--from", "9", "--to", "3"));
        Assert.Equal((2, "", "rxchat: export-marble: --to needs a log position (a whole number from 1), not end"),
            await ExportAsync("--data-dir", _dataDir, "--to", "end"));

        await using (var server = await ServerProcess.StartAsync(_dataDir, "--RxChat:Snapshots:KeepEntries", "true"))
        {
            await using var alice = await LineClient.LogInAsync(server.Port, "alice");
            await server.TerminateAsync();
        }
        var (pastCode, pastOutput, pastError) = await ExportAsync("--data-dir", _dataDir, "--to", "999");
        Assert.Equal((2, ""), (pastCode, pastOutput));
        Assert.Matches(@"^rxchat: export-marble: --to 999 is past the end of the log: its last position is \d+$", pastError);
    }
}
