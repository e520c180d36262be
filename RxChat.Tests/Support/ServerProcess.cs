using System.Diagnostics;
using System.Text.RegularExpressions;

namespace RxChat.Tests.Support;

/// <summary>
/// The built RxChat.Server running as a real process, as an operator runs it: its log read
/// back line by line, its port taken from the start-up line, and stopped by its process id —
/// gracefully (SIGTERM) or not at all (SIGKILL). Every wait is for an event with a generous bound.
/// </summary>
public sealed partial class ServerProcess : IAsyncDisposable
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private readonly Process _process;
    private readonly Lock _lock = new();
    private readonly List<string> _log = [];
    private readonly List<(string Text, TaskCompletionSource<string> Seen)> _waiters = [];
    private readonly TaskCompletionSource<int> _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Task _reading;

    private ServerProcess(Process process)
    {
        _process = process;
        _reading = Task.WhenAll(Read(process.StandardOutput), Read(process.StandardError));
    }

    /// <summary>The server's dll, copied next to the tests because the test project references the server.</summary>
    public static string ServerDll => Path.Combine(AppContext.BaseDirectory, "RxChat.Server.dll");

    /// <summary>
    /// Starts a server on free loopback ports (TCP and HTTP); waits until it listens. Loopback
    /// is exempt from the per-address limits, as in <see cref="RunningServer.Options"/>.
    /// </summary>
    public static Task<ServerProcess> StartAsync(string dataDir, params string[] args) => LaunchAndWaitAsync(null, null, dataDir, args);

    /// <summary>As <see cref="StartAsync(string, string[])"/>, running <paramref name="executable"/> (a published server) instead of <c>dotnet RxChat.Server.dll</c>.</summary>
    public static Task<ServerProcess> StartPublishedAsync(string executable, string dataDir, params string[] args) =>
        LaunchAndWaitAsync(executable, null, dataDir, args);

    /// <summary>
    /// As <see cref="StartAsync(string, string[])"/>, under a descriptor limit of its own:
    /// <c>sh -c 'ulimit -n N; exec dotnet …'</c>, as an operator's shell or unit sets it.
    /// </summary>
    public static Task<ServerProcess> StartWithDescriptorLimitAsync(int limit, string dataDir, params string[] args) =>
        LaunchAndWaitAsync(null, $"ulimit -n {limit}", dataDir, args);

    /// <summary>
    /// As <see cref="StartAsync(string, string[])"/>, under a umask of its own
    /// (<c>sh -c 'umask 022; exec dotnet …'</c>), as an operator's shell or unit sets it.
    /// </summary>
    public static Task<ServerProcess> StartWithUmaskAsync(string umask, string dataDir, params string[] args) =>
        LaunchAndWaitAsync(null, $"umask {umask}", dataDir, args);

    /// <param name="shellSetup">A shell command run before the server replaces the shell (<c>ulimit -n 512</c>), or null for none.</param>
    private static async Task<ServerProcess> LaunchAndWaitAsync(string? executable, string? shellSetup, string dataDir, string[] args)
    {
        var server = Launch(executable, ["--host", "127.0.0.1", "--port", "0", "--http-port", "0", "--data-dir", dataDir,
            "--RxChat:Limits:ExemptLoopback", "true", .. args], shellSetup);
        try { await Task.WhenAny(server._started.Task, server._process.WaitForExitAsync()).WaitAsync(Patience); }
        catch (TimeoutException)
        {
            await server.DisposeAsync(); // a server that never listened is not left running
            throw new TimeoutException($"the server did not listen within {Patience.TotalSeconds} s:\n{string.Join("\n", server.Log)}");
        }
        if (!server._started.Task.IsCompleted)
            throw new InvalidOperationException($"the server exited ({server._process.ExitCode}) before listening:\n{string.Join("\n", server.Log)}");
        return server;
    }

    /// <summary>Starts the server with exactly <paramref name="args"/>, for a start that is expected to fail.</summary>
    /// <param name="descriptorLimit">A <c>ulimit -n</c> for the server alone, or null for the test's own.</param>
    public static ServerProcess Launch(IEnumerable<string> args, int? descriptorLimit = null) =>
        Launch(null, args, descriptorLimit is { } limit ? $"ulimit -n {limit}" : null);

    /// <param name="executable">A published server, or null for <c>dotnet RxChat.Server.dll</c>.</param>
    private static ServerProcess Launch(string? executable, IEnumerable<string> args, string? shellSetup)
    {
        var program = executable ?? "dotnet";
        var start = new ProcessStartInfo(shellSetup is null ? program : "sh")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        if (shellSetup is not null)
        {
            // exec: the shell becomes the server, so its process id is the server's.
            start.ArgumentList.Add("-c");
            start.ArgumentList.Add($"{shellSetup} && exec \"$0\" \"$@\"");
            start.ArgumentList.Add(program);
        }
        if (executable is null) start.ArgumentList.Add(ServerDll);
        foreach (var arg in args) start.ArgumentList.Add(arg);
        return new ServerProcess(Process.Start(start)!);
    }

    public int Port => _started.Task.Result;

    public int Id => _process.Id;

    /// <summary>What the server wrote so far, standard output and error interleaved.</summary>
    public IReadOnlyList<string> Log { get { lock (_lock) return [.. _log]; } }

    /// <summary><c>kill -9</c>: the process ends at once, whatever it was doing.</summary>
    public async Task KillAsync()
    {
        _process.Kill(); // SIGKILL on Unix
        await ExitCodeAsync();
    }

    /// <summary>SIGTERM, as systemd or Ctrl+C stops it: a graceful stop; returns the exit code.</summary>
    public async Task<int> TerminateAsync()
    {
        using (var kill = Process.Start(new ProcessStartInfo("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])
               { UseShellExecute = false })!)
            await kill.WaitForExitAsync().WaitAsync(Patience);
        return await ExitCodeAsync();
    }

    /// <summary>Waits for the process to end and returns its exit code, after all its output was read.</summary>
    public async Task<int> ExitCodeAsync()
    {
        await _process.WaitForExitAsync().WaitAsync(Patience);
        await _reading.WaitAsync(Patience);
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited) _process.Kill();
        try { await ExitCodeAsync(); } catch (Exception) { /* gone either way */ }
        _process.Dispose();
    }

    /// <summary>Waits (within <see cref="Patience"/>) for a line of the server's log containing <paramref name="text"/>, said before or after the call.</summary>
    public async Task<string> WaitForLogAsync(string text)
    {
        var seen = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_lock)
        {
            if (_log.Find(line => line.Contains(text, StringComparison.Ordinal)) is { } already) return already;
            _waiters.Add((text, seen));
        }
        try { return await seen.Task.WaitAsync(Patience); }
        catch (TimeoutException)
        {
            throw new TimeoutException($"the server did not log \"{text}\" within {Patience.TotalSeconds} s:\n{string.Join("\n", Log)}");
        }
    }

    private async Task Read(StreamReader reader)
    {
        while (await reader.ReadLineAsync() is { } line)
        {
            lock (_lock)
            {
                _log.Add(line);
                foreach (var (text, seen) in _waiters)
                    if (line.Contains(text, StringComparison.Ordinal)) seen.TrySetResult(line);
            }
            if (StartedOn().Match(line) is { Success: true } started) _started.TrySetResult(int.Parse(started.Groups[1].Value));
        }
    }

    [GeneratedRegex(@"Server started on [^:]+:(\d+)$")]
    private static partial Regex StartedOn();
}
