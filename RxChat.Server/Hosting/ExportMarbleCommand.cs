using System.Reactive.Concurrency;
using RxChat.Server.Core;
using RxChat.Server.Export;
using RxChat.Server.Log;
using RxChat.Server.Log.Nats;

namespace RxChat.Server.Hosting;

/// <summary>
/// <c>RxChat.Server export-marble --data-dir DIR --from POS --to POS [--out FILE]</c> (or
/// <c>--nats URL</c>, with the node's NATS options): an incident becomes a test. Reads the log
/// (the chat before <c>--from</c> folded from the first entry, or from the snapshot when what
/// it covers is gone; the segment itself), and writes the segment as a <c>.marble</c> scenario
/// (<see cref="MarbleExport"/>). Like <c>accounts</c>, it needs the data directory to itself:
/// stop the server first. Every mistake is one line and exit code 2.
/// </summary>
public static class ExportMarbleCommand
{
    /// <returns>The exit code: 0 written, 2 cannot (a wrong argument, no log, a segment a marble cannot show).</returns>
    public static int Run(ExportMarbleRequest request, ChatServerOptions options, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(error);
        try
        {
            var marble = Export(request, options);
            if (request.Out is { } file) File.WriteAllText(file, marble);
            else output.Write(marble);
            return 0;
        }
        catch (Exception ex) when (ex is ExportRefusedException or NotExportableException or LogUnusableException
                                       or UnknownRulesException or InvalidSettingException or IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"rxchat: export-marble: {ex.Message}");
            return 2;
        }
    }

    private static string Export(ExportMarbleRequest request, ChatServerOptions options)
    {
        var rules = options.ToChatRules();
        string source;
        ICommandLog log;
        using var foldOn = new EventLoopScheduler(); // where a NATS log publishes what comes after the replay: nothing here waits for it
        if (options.Nats.IsOn)
        {
            // The cluster's stream, read as a node reads it: the same URLs, credentials and CA.
            log = NatsCommandLog.OpenAsync(options.ToNatsLogOptions(), foldOn).GetAwaiter().GetResult();
            source = log.Where;
        }
        else
        {
            if (options.DataDir == SqliteCommandLog.InMemory)
                throw new ExportRefusedException($"--data-dir {SqliteCommandLog.InMemory} keeps nothing: give the server's data directory");
            var file = Path.Combine(options.DataDir, SqliteLogFile.FileName);
            if (!File.Exists(file)) throw new ExportRefusedException($"no RxChat log in {options.DataDir} ({file} does not exist)");
            log = SqliteCommandLog.Open(options.DataDir, durability: options.Durability);
            source = Path.GetFullPath(file);
        }
        using (log) return Export(request, options, rules, log, source);
    }

    private static string Export(ExportMarbleRequest request, ChatServerOptions options, ChatRules rules, ICommandLog log, string source)
    {
        // Every entry from the first, when they were kept (Snapshots:KeepEntries; a NATS stream
        // not yet purged); else the newest snapshot and what came after it, as a node starts.
        var state = ChatState.Create(rules);
        var stored = Stored(log, 0);
        if (stored is null)
        {
            state = log.LatestSnapshot()?.ToState(rules) ?? state;
            stored = Stored(log, state.Position) ?? [];
        }
        long first = state.Position + 1;
        if (stored.Count == 0)
            throw new ExportRefusedException($"the log in {source} has no entries after position {state.Position}, which its last snapshot covers " +
                                             $"(start the server with --{ChatServerOptions.Section}:Snapshots:KeepEntries true to keep them)");
        if (RulesVersion.FirstUnknown(stored) is { } unknown) throw UnknownRulesException.StartedAt(unknown);

        long last = stored[^1].Position;
        long from = request.From ?? first, to = request.To ?? last;
        if (from > last) throw new ExportRefusedException($"--from {from} is past the end of the log: its last position is {last}");
        if (to > last) throw new ExportRefusedException($"--to {to} is past the end of the log: its last position is {last}");
        if (from > to) throw new ExportRefusedException($"--from {from} is after --to {to}");
        if (from < first)
            throw new ExportRefusedException($"positions up to {state.Position} are compacted into a snapshot: --from must be {first} or more " +
                                             $"(--{ChatServerOptions.Section}:Snapshots:KeepEntries true keeps them)");

        foreach (var entry in stored.TakeWhile(e => e.Position < from)) state = Chat.Step(state, entry, route: false).State;
        var segment = stored.Where(e => e.Position >= from && e.Position <= to).ToList();
        var chat = options.ToChatOptions();
        var settings = new ExportSettings(source, from, to)
        {
            Rules = ChatRules.Default with { KickFor = rules.KickFor, HeartbeatEvery = rules.HeartbeatEvery, NodeTimeout = rules.NodeTimeout },
            LoginTimeout = chat.LoginTimeout != Pipeline.ChatOptions.Default.LoginTimeout ? chat.LoginTimeout : null,
            IdleTimeout = chat.IdleTimeout,
        };
        return MarbleExport.Write(segment, state, settings);
    }

    /// <summary>The stored entries after <paramref name="after"/>; null when some of them are gone into a snapshot.</summary>
    private static List<LogEntry>? Stored(ICommandLog log, long after)
    {
        var stored = new List<LogEntry>();
        try
        {
            using (log.Entries(after).Subscribe(stored.AddRange)) { }
        }
        catch (LogUnusableException) when (after == 0)
        {
            return null; // compacted: read from the snapshot on
        }
        return stored;
    }

    /// <summary>What cannot be exported as asked, said in one line.</summary>
    private sealed class ExportRefusedException(string message) : Exception(message);
}
