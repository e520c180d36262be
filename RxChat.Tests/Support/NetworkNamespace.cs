using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;

namespace RxChat.Tests.Support;

/// <summary>
/// A network namespace of the test's own, joined to this one by a veth pair on a private /30
/// (10.213.x.y): a second "host" whose link the test can pull (<see cref="PullTheCableAsync"/>)
/// without a FIN or a RST reaching anyone. Names are unique per run; disposing removes the
/// namespace and the veth in every case. Needs root and iproute2: where it cannot be made,
/// <see cref="CreateAsync"/> fails the test saying why — it never passes silently.
/// </summary>
public sealed class NetworkNamespace : IAsyncDisposable
{
    private static readonly TimeSpan CommandPatience = TimeSpan.FromSeconds(20);

    private readonly List<Process> _started = [];

    private NetworkNamespace(string name, string hostLink, string insideLink, IPAddress hostAddress, IPAddress insideAddress)
    {
        Name = name;
        HostLink = hostLink;
        InsideLink = insideLink;
        HostAddress = hostAddress;
        InsideAddress = insideAddress;
    }

    public string Name { get; }

    /// <summary>The veth end in this (the test's) namespace.</summary>
    public string HostLink { get; }

    /// <summary>The veth end inside the namespace.</summary>
    public string InsideLink { get; }

    /// <summary>This side's address on the link: where a server for the namespace's clients listens.</summary>
    public IPAddress HostAddress { get; }

    public IPAddress InsideAddress { get; }

    public static async Task<NetworkNamespace> CreateAsync()
    {
        var id = Convert.ToHexString(RandomNumberGenerator.GetBytes(3)).ToLowerInvariant();
        var subnet = RandomNumberGenerator.GetInt32(0, 256);
        var block = RandomNumberGenerator.GetInt32(0, 64) * 4;
        var made = new NetworkNamespace($"rxchat-{Environment.ProcessId}-{id}", $"rxh{id}", $"rxn{id}",
            IPAddress.Parse($"10.213.{subnet}.{block + 1}"), IPAddress.Parse($"10.213.{subnet}.{block + 2}"));
        try
        {
            await MustAsync("ip", "netns", "add", made.Name);
            await MustAsync("ip", "link", "add", made.HostLink, "type", "veth", "peer", "name", made.InsideLink);
            await MustAsync("ip", "link", "set", made.InsideLink, "netns", made.Name);
            await MustAsync("ip", "addr", "add", $"{made.HostAddress}/30", "dev", made.HostLink);
            await MustAsync("ip", "link", "set", made.HostLink, "up");
            await MustAsync("ip", "netns", "exec", made.Name, "ip", "addr", "add", $"{made.InsideAddress}/30", "dev", made.InsideLink);
            await MustAsync("ip", "netns", "exec", made.Name, "ip", "link", "set", made.InsideLink, "up");
            await MustAsync("ip", "netns", "exec", made.Name, "ip", "link", "set", "lo", "up");
        }
        catch
        {
            await made.DisposeAsync();
            throw;
        }
        return made;
    }

    /// <summary>Starts <paramref name="program"/> inside the namespace, its standard streams piped; killed on dispose.</summary>
    public Process Start(string program, params string[] args)
    {
        var start = new ProcessStartInfo("ip")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in (string[])["netns", "exec", Name, program, .. args]) start.ArgumentList.Add(arg);
        var process = Process.Start(start)!;
        _started.Add(process);
        return process;
    }

    /// <summary>Takes the link down inside the namespace: its peers' packets vanish, nobody is told.</summary>
    public Task PullTheCableAsync() => MustAsync("ip", "netns", "exec", Name, "ip", "link", "set", "dev", InsideLink, "down");

    public async ValueTask DisposeAsync()
    {
        foreach (var process in _started)
        {
            try { if (!process.HasExited) process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
            try { await process.WaitForExitAsync().WaitAsync(CommandPatience); } catch (Exception) { }
            process.Dispose();
        }
        // Deleting the namespace destroys the veth end inside it, and with it its peer; the
        // second command is for a run that failed before the end was moved inside.
        await RunAsync("ip", "netns", "del", Name);
        await RunAsync("ip", "link", "del", HostLink);
    }

    private static async Task MustAsync(params string[] command)
    {
        var (exit, errors) = await RunAsync(command);
        if (exit != 0)
            throw new Xunit.Sdk.XunitException(
                $"Cannot make the test's network namespace (this test needs root and iproute2): `{string.Join(' ', command)}` " +
                $"exited with {exit}: {errors.Trim()}");
    }

    private static async Task<(int Exit, string Errors)> RunAsync(params string[] command)
    {
        var start = new ProcessStartInfo(command[0]) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var arg in command[1..]) start.ArgumentList.Add(arg);
        Process process;
        try { process = Process.Start(start)!; }
        catch (System.ComponentModel.Win32Exception e) { return (-1, $"{command[0]}: {e.Message}"); }
        using (process)
        {
            var errors = process.StandardError.ReadToEndAsync();
            var output = process.StandardOutput.ReadToEndAsync();
            try { await process.WaitForExitAsync().WaitAsync(CommandPatience); }
            catch (TimeoutException)
            {
                process.Kill(entireProcessTree: true);
                return (-1, $"no answer within {CommandPatience.TotalSeconds} s");
            }
            await output;
            return (process.ExitCode, await errors);
        }
    }
}
