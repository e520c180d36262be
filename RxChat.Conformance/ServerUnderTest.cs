using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace RxChat.Conformance;

/// <summary>The server the scenarios are played against: one that already runs, or a fresh one started per scenario.</summary>
internal interface IServerUnderTest
{
    /// <summary>Where to connect for the next scenario; a started server is started here.</summary>
    Task<EndPoint> ReadyAsync(CancellationToken cancel);

    /// <summary>After the scenario: a started server is stopped here, by its process id.</summary>
    Task DoneAsync();
}

/// <summary><c>--server HOST:PORT</c>: every scenario against the same running server.</summary>
internal sealed class RunningServer(EndPoint server) : IServerUnderTest
{
    public Task<EndPoint> ReadyAsync(CancellationToken cancel) => Task.FromResult(server);

    public Task DoneAsync() => Task.CompletedTask;
}

/// <summary>
/// <c>--start "COMMAND with {port}"</c>: for each scenario, a free loopback port put in for
/// <c>{port}</c>, the command run by <c>sh -c</c>, the port waited for (its first accepted
/// connection, closed at once), and afterwards the process and its children killed by id.
/// </summary>
internal sealed class StartedServer(string command) : IServerUnderTest
{
    public const string PortPlaceholder = "{port}";

    /// <summary>How long a server may take to listen; a busy machine starting `dotnet run` is slow.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private Process? _process;
    private readonly Queue<string> _lastOutput = new();

    public async Task<EndPoint> ReadyAsync(CancellationToken cancel)
    {
        var port = FreePort();
        var start = new ProcessStartInfo("sh")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(command.Replace(PortPlaceholder, port.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal));
        _process = Process.Start(start) ?? throw new InvalidOperationException($"could not run: {command}");
        _process.OutputDataReceived += (_, e) => Keep(e.Data);
        _process.ErrorDataReceived += (_, e) => Keep(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        var server = new IPEndPoint(IPAddress.Loopback, port);
        var waited = Stopwatch.StartNew();
        while (true)
        {
            if (_process.HasExited)
            {
                await _process.WaitForExitAsync(cancel); // and its output read to the end, for the message
                throw new InvalidOperationException($"the server exited ({_process.ExitCode}) before listening on port {port}{Output()}");
            }
            if (waited.Elapsed > Patience) throw new TimeoutException($"the server did not listen on port {port} within {Patience.TotalSeconds:0} s{Output()}");
            using var probe = new Socket(SocketType.Stream, ProtocolType.Tcp);
            try
            {
                await probe.ConnectAsync(server, cancel);
                return server;
            }
            catch (SocketException)
            {
                await Task.Delay(50, cancel);
            }
        }
    }

    public async Task DoneAsync()
    {
        if (_process is not { } process) return;
        _process = null;
        if (!process.HasExited) process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync();
        process.Dispose();
    }

    /// <summary>A port the system just handed out and took back: free, as far as anyone can know.</summary>
    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private void Keep(string? line)
    {
        if (line is null) return;
        lock (_lastOutput)
        {
            _lastOutput.Enqueue(line);
            if (_lastOutput.Count > 20) _lastOutput.Dequeue();
        }
    }

    private string Output()
    {
        lock (_lastOutput) return _lastOutput.Count == 0 ? "" : $"; its last output:{Environment.NewLine}{string.Join(Environment.NewLine, _lastOutput)}";
    }
}
