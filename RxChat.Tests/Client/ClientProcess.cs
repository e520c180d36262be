using System.Diagnostics;
using System.Text;

namespace RxChat.Tests.Client;

/// <summary>
/// The built RxChat.Client running as a real process, with its standard input piped in
/// and its output read back — the way a script uses it. Every wait is for an event (a
/// line printed, the process exiting) with a generous bound, never for a fixed time.
/// </summary>
public sealed class ClientProcess : IAsyncDisposable
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    private readonly Process _process;
    private readonly Lock _lock = new();
    private readonly List<string> _output = [];
    private readonly List<string> _errors = [];
    private readonly List<(Func<bool> Done, TaskCompletionSource Signal)> _waiters = [];
    private readonly Task _reading;

    private ClientProcess(Process process)
    {
        _process = process;
        _reading = Task.WhenAll(
            ReadAllAsync(process.StandardOutput, _output),
            ReadAllAsync(process.StandardError, _errors));
    }

    /// <summary>The client's dll, copied next to the tests because the test project references the client.</summary>
    public static string ClientDll => Path.Combine(AppContext.BaseDirectory, "RxChat.Client.dll");

    public static ClientProcess Start(params string[] args)
    {
        // Started as a shell in a terminal starts it: with SIGINT at its default. A test run
        // launched in the background (nohup, `&` in a script: how CI may start it) ignores
        // SIGINT, every child inherits that, and the runtime then rightly never hands the
        // client a Ctrl+C: `env --default-signal=INT` (coreutils) puts it back, then execs.
        var start = new ProcessStartInfo("env")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardInputEncoding = new UTF8Encoding(false),
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("--default-signal=INT");
        start.ArgumentList.Add("dotnet");
        start.ArgumentList.Add(ClientDll);
        foreach (var arg in args) start.ArgumentList.Add(arg);
        return new ClientProcess(Process.Start(start)!);
    }

    /// <summary>Everything printed on standard output so far.</summary>
    public IReadOnlyList<string> Output { get { lock (_lock) return [.. _output]; } }

    /// <summary>Everything printed on standard error so far.</summary>
    public IReadOnlyList<string> Errors { get { lock (_lock) return [.. _errors]; } }

    /// <summary>Types a line, as a person would (or a script piping into the client).</summary>
    public async Task TypeAsync(string line)
    {
        await _process.StandardInput.WriteAsync(line + "\n");
        await _process.StandardInput.FlushAsync();
    }

    /// <summary>Ends standard input: the client takes it as the user leaving.</summary>
    public void CloseInput() => _process.StandardInput.Close();

    /// <summary>Sends SIGINT, as Ctrl+C in a terminal that delivers it as a signal does.</summary>
    public void Interrupt()
    {
        using var kill = Process.Start("kill", ["-INT", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
        Assert.Equal(0, kill.ExitCode);
    }

    /// <summary>Waits until standard output has a line matching <paramref name="match"/> (printed at any time), and returns it.</summary>
    public async Task<string> ExpectOutputAsync(Func<string, bool> match, string what) =>
        await ExpectAsync(() => _output.FirstOrDefault(match), what);

    /// <summary>Waits until standard error has a line matching <paramref name="match"/>.</summary>
    public async Task<string> ExpectErrorAsync(Func<string, bool> match, string what) =>
        await ExpectAsync(() => _errors.FirstOrDefault(match), what);

    /// <summary>Waits until standard output has <paramref name="count"/> lines equal to <paramref name="line"/>.</summary>
    public async Task ExpectOutputCountAsync(string line, int count) =>
        await ExpectAsync(() => _output.Count(l => l == line) >= count ? line : null, $"{count} × \"{line}\"");

    /// <summary>Waits for the process to exit and returns its exit code, after all its output was read.</summary>
    public async Task<int> ExitCodeAsync()
    {
        try
        {
            await _process.WaitForExitAsync().WaitAsync(Patience);
            await _reading.WaitAsync(Patience);
        }
        catch (TimeoutException)
        {
            throw new Xunit.Sdk.XunitException($"The client did not exit within {Patience.TotalSeconds} s.{Transcript()}");
        }
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            try { _process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
        }
        try { await _reading.WaitAsync(Patience); } catch (Exception) { }
        _process.Dispose();
    }

    private async Task<string> ExpectAsync(Func<string?> find, string what)
    {
        var signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        string? found;
        lock (_lock)
        {
            found = find();
            if (found is null) _waiters.Add((() => find() is not null, signal));
        }
        if (found is not null) return found;

        try
        {
            await signal.Task.WaitAsync(Patience);
        }
        catch (TimeoutException)
        {
            throw new Xunit.Sdk.XunitException($"The client never printed {what} within {Patience.TotalSeconds} s.{Transcript()}");
        }
        lock (_lock) return find()!;
    }

    private async Task ReadAllAsync(StreamReader reader, List<string> into)
    {
        // Ends when the process closes the stream (it exits).
        while (await reader.ReadLineAsync() is { } line)
        {
            lock (_lock)
            {
                into.Add(line);
                foreach (var waiter in _waiters.Where(w => w.Done()).ToList())
                {
                    _waiters.Remove(waiter);
                    waiter.Signal.TrySetResult();
                }
            }
        }
    }

    private string Transcript()
    {
        lock (_lock)
            return $"\n--- stdout ---\n{string.Join("\n", _output)}\n--- stderr ---\n{string.Join("\n", _errors)}";
    }
}
