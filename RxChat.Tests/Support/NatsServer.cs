using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace RxChat.Tests.Support;

/// <summary>
/// A real <c>nats-server</c> (Debian's package, which <c>.ci/run</c> installs) with JetStream, on a free
/// loopback port, its store in a temp directory: started by the test, stopped by its process
/// id — killed with <c>kill -9</c> or restarted on the same port and store to test faults.
/// <see cref="ClusterAsync"/> starts three of them as one NATS cluster, for R3 streams.
/// Every wait is for an event (the server saying it is ready) with a generous bound.
/// </summary>
public sealed class NatsServer : IAsyncDisposable
{
    /// <summary>Debian installs it in /usr/sbin, which is not on every user's PATH; elsewhere, whatever PATH finds.</summary>
    public static readonly string Program = File.Exists("/usr/sbin/nats-server") ? "/usr/sbin/nats-server" : "nats-server";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private readonly string _config;
    private Process? _process;

    private NatsServer(string name, string dir, int port, string config)
    {
        Name = name;
        Dir = dir;
        Port = port;
        _config = config;
    }

    public string Name { get; }
    public string Dir { get; }
    public int Port { get; }
    public string Url => $"nats://127.0.0.1:{Port}";
    public int? Pid => _process is { HasExited: false } p ? p.Id : null;

    /// <summary>One JetStream server on a free loopback port.</summary>
    public static async Task<NatsServer> StartAsync()
    {
        var dir = Directory.CreateTempSubdirectory("rxchat-nats-").FullName;
        int port = FreePort();
        var server = new NatsServer("n1", dir, port, $$"""
            server_name: n1
            listen: 127.0.0.1:{{port}}
            jetstream { store_dir: "{{dir}}/js" }
            """);
        await server.StartAgainAsync();
        return server;
    }

    /// <summary>Three JetStream servers routed as one cluster (configs as in the notes on NATS).</summary>
    public static async Task<NatsServer[]> ClusterAsync()
    {
        var dir = Directory.CreateTempSubdirectory("rxchat-nats-cluster-").FullName;
        int[] ports = [FreePort(), FreePort(), FreePort()];
        int[] routes = [FreePort(), FreePort(), FreePort()];
        string routeList = string.Join(", ", routes.Select(r => $"nats-route://127.0.0.1:{r}"));
        var servers = Enumerable.Range(0, 3).Select(i => new NatsServer($"n{i + 1}", dir, ports[i], $$"""
            server_name: n{{i + 1}}
            listen: 127.0.0.1:{{ports[i]}}
            jetstream { store_dir: "{{dir}}/n{{i + 1}}" }
            cluster { name: rxc, listen: 127.0.0.1:{{routes[i]}}, routes: [{{routeList}}] }
            """)).ToArray();
        await Task.WhenAll(servers.Select(s => s.StartAgainAsync()));
        return servers;
    }

    /// <summary>Starts the server (again, after a kill: same port, same store); returns once it accepts clients.</summary>
    public async Task StartAgainAsync()
    {
        var configFile = Path.Combine(Dir, $"{Name}.conf");
        await File.WriteAllTextAsync(configFile, _config);
        var start = new ProcessStartInfo(Program) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(configFile);
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var process = new Process { StartInfo = start };
        process.ErrorDataReceived += (_, e) => { if (e.Data?.Contains("Server is ready") == true) ready.TrySetResult(); };
        process.OutputDataReceived += (_, e) => { if (e.Data?.Contains("Server is ready") == true) ready.TrySetResult(); };
        process.Start();
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        _process = process;
        await Task.WhenAny(ready.Task, process.WaitForExitAsync()).WaitAsync(Patience);
        if (!ready.Task.IsCompleted) throw new InvalidOperationException($"nats-server {Name} exited before it was ready");
    }

    /// <summary><c>kill -9</c>, by its process id.</summary>
    public async Task KillAsync()
    {
        if (_process is not { HasExited: false } process) return;
        process.Kill();
        await process.WaitForExitAsync().WaitAsync(Patience);
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process?.Dispose();
        try { Directory.Delete(Dir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
