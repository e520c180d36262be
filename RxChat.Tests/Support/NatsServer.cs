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
    private readonly Dictionary<string, string> _environment;
    private Process? _process;

    private NatsServer(string name, string dir, int port, string config, Dictionary<string, string>? environment = null)
    {
        Name = name;
        Dir = dir;
        Port = port;
        _config = config;
        _environment = environment ?? [];
    }

    /// <summary>The password of each user of <see cref="StartShippedAsync"/>'s configuration, by user.</summary>
    public IReadOnlyDictionary<string, string> Passwords { get; private init; } = new Dictionary<string, string>();

    /// <summary>The nats-server configuration the docs ship: deploy/nats-server.conf.</summary>
    public static string ShippedConfigPath()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "RxChat.sln"))) dir = dir.Parent;
        return Path.Combine(dir?.FullName ?? throw new InvalidOperationException("RxChat.sln not found above the tests"), "deploy", "nats-server.conf");
    }

    /// <summary>
    /// One JetStream server running the docs' own configuration (deploy/nats-server.conf), its
    /// values in the environment as the file says, each node's password random. <paramref name="moreUsers"/>
    /// (users written as in the file, e.g. an intruder with a subject of its own) go where the
    /// file says more nodes go; nothing else of the file is changed.
    /// </summary>
    public static async Task<NatsServer> StartShippedAsync(params (string User, string Subject)[] moreUsers)
    {
        const string MoreNodes = "    # More nodes:";
        var config = await File.ReadAllTextAsync(ShippedConfigPath());
        if (!config.Contains(MoreNodes, StringComparison.Ordinal)) throw new InvalidOperationException("deploy/nats-server.conf no longer says where more nodes go");
        var passwords = new[] { "n1", "n2", "n3" }.Concat(moreUsers.Select(u => u.User))
            .ToDictionary(user => user, user => $"{user}-{Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(12))}");
        var added = string.Concat(moreUsers.Select(u =>
            $$"""    { user: {{u.User}}, password: "{{passwords[u.User]}}", permissions: { publish: { allow: ["{{u.Subject}}"] }, subscribe: { deny: [">"] } } }""" + "\n"));
        config = config.Replace(MoreNodes, added + MoreNodes, StringComparison.Ordinal);

        var dir = Directory.CreateTempSubdirectory("rxchat-nats-").FullName;
        int port = FreePort();
        var environment = new Dictionary<string, string>
        {
            ["RXCHAT_NATS_LISTEN"] = $"127.0.0.1:{port}",
            ["RXCHAT_NATS_STORE"] = Path.Combine(dir, "js"),
            ["RXCHAT_N1_PASSWORD"] = passwords["n1"],
            ["RXCHAT_N2_PASSWORD"] = passwords["n2"],
            ["RXCHAT_N3_PASSWORD"] = passwords["n3"],
        };
        var server = new NatsServer("shipped", dir, port, config, environment) { Passwords = passwords };
        await server.StartAgainAsync();
        return server;
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
        foreach (var (name, value) in _environment) start.Environment[name] = value;
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
