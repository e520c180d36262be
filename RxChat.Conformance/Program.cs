using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using System.Net;

namespace RxChat.Conformance;

/// <summary>
/// <c>dotnet run --project RxChat.Conformance -- --server HOST:PORT</c> or
/// <c>-- --start "COMMAND with {port}"</c>: plays <c>marbles/</c> against a chat server over TCP
/// (docs/conformance.md). Exit code 0 when nothing failed, 1 when a scenario failed, 2 for a
/// mistake on the command line.
/// </summary>
internal static class Program
{
    public const int UsageExitCode = 2;

    public static async Task<int> Main(string[] args)
    {
        var server = new Option<string?>("--server") { Description = "play against this running server, every scenario in turn", HelpName = "HOST:PORT" };
        var start = new Option<string?>("--start") { Description = $"start a fresh server per scenario with this shell command, {StartedServer.PortPlaceholder} replaced by a free port; it is killed by process id afterwards", HelpName = "COMMAND" };
        var frameMs = new Option<int>("--frame-ms") { Description = $"real milliseconds per diagram column [default: {ConformanceOptions.DefaultFrameMs}]", DefaultValueFactory = _ => ConformanceOptions.DefaultFrameMs };
        var profile = new Option<string>("--profile") { Description = "original: only what a server speaking PROTOCOL.md's Part 1 must pass; rxchat: all a single RxChat node can show [default: original]", DefaultValueFactory = _ => "original" };
        var marbles = new Option<string?>("--marbles") { Description = "the folder of *.marble files [default: ./marbles, else the copy beside the program]", HelpName = "DIR" };
        var only = new Option<string[]>("--scenario") { Description = "play only this scenario (file name without .marble); may be repeated [default: all]", HelpName = "NAME", AllowMultipleArgumentsPerToken = false };
        var root = new RootCommand("Plays the chat's marble scenarios over TCP against any chat server and reports which pass.")
        {
            server, start, frameMs, profile, marbles, only,
        };

        var parsed = root.Parse(args);
        if (parsed.Action is not null && parsed.Errors.Count == 0) return await parsed.InvokeAsync();
        if (parsed.Errors.Count > 0) return Mistake(parsed.Errors[0].Message);

        if ((parsed.GetValue(server) is null) == (parsed.GetValue(start) is null)) return Mistake("give either --server HOST:PORT or --start \"COMMAND with {port}\"");
        EndPoint? endpoint = null;
        if (parsed.GetValue(server) is { } address && !TryEndPoint(address, out endpoint)) return Mistake($"--server expects HOST:PORT, e.g. 127.0.0.1:7777, found \"{address}\"");
        if (parsed.GetValue(start) is { } command && !command.Contains(StartedServer.PortPlaceholder, StringComparison.Ordinal)) return Mistake($"--start needs {StartedServer.PortPlaceholder} in the command, where the server's port goes");
        if (parsed.GetValue(frameMs) is var ms && ms < 1) return Mistake($"--frame-ms must be 1 or more, found {ms}");
        Profile? chosen = parsed.GetValue(profile) switch { "original" => Profile.Original, "rxchat" => Profile.RxChat, _ => null };
        if (chosen is null) return Mistake($"--profile is original or rxchat, found \"{parsed.GetValue(profile)}\"");
        var folder = parsed.GetValue(marbles) ?? ConformanceOptions.DefaultMarblesFolder;
        if (!Directory.Exists(folder)) return Mistake($"no scenario folder at {folder}; give --marbles DIR");

        var options = new ConformanceOptions(endpoint, parsed.GetValue(start), TimeSpan.FromMilliseconds(ms), chosen.Value, folder, parsed.GetValue(only) ?? []);
        IServerUnderTest target = options.Server is { } running ? new RunningServer(running) : new StartedServer(options.StartCommand!);
        using var stop = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.Cancel(); };
        try
        {
            var tally = await ConformanceRun.RunAsync(options, target, Console.Out, stop.Token);
            return tally.ExitCode;
        }
        catch (OperationCanceledException)
        {
            await target.DoneAsync();
            return 130;
        }
    }

    private static int Mistake(string message)
    {
        Console.Error.WriteLine(message);
        return UsageExitCode;
    }

    /// <summary><c>127.0.0.1:7777</c>, <c>[::1]:7777</c> or <c>localhost:7777</c>.</summary>
    internal static bool TryEndPoint(string text, out EndPoint? endpoint)
    {
        endpoint = null;
        var colon = text.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(text[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535) return false;
        var host = text[..colon].Trim('[', ']');
        endpoint = IPAddress.TryParse(host, out var ip) ? new IPEndPoint(ip, port) : new DnsEndPoint(host, port);
        return true;
    }
}
