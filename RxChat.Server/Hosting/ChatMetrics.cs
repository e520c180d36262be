using System.Diagnostics;
using Prometheus;
using RxChat.Server.Core;
using RxChat.Server.Delivery;
using RxChat.Server.Pipeline;
using RxChat.Server.Transport;

namespace RxChat.Server.Hosting;

/// <summary>
/// The server's Prometheus metrics, served at <c>/metrics</c>. Each server has its own
/// registry, so several servers in one process (the tests) count apart. What the fold
/// already knows (users, rooms, log position) is read from its state when scraped, costing
/// the chat nothing in between.
/// </summary>
public sealed class ChatMetrics : IChatMeter, IAdmissionMeter
{
    private readonly Counter _appended;
    private readonly Counter _folded;
    private readonly Counter _delivered;
    private readonly Counter _flood;
    private readonly Counter _slowReaders;
    private readonly Counter _refused;
    private readonly Counter _skipped;
    private readonly Gauge _connections;
    private readonly Histogram _queued;
    private long _waiting; // commands between the merge and the fold

    /// <param name="queuedBytes">Bytes waiting in every connection's outbound queue, read when scraped.</param>
    public ChatMetrics(Func<ChatPipeline?> pipeline, Func<long> queuedBytes)
    {
        Registry = Metrics.NewCustomRegistry();
        var metrics = Metrics.WithCustomRegistry(Registry);
        _connections = metrics.CreateGauge("rxchat_connections", "Open connections, by kind.", "kind");
        var users = metrics.CreateGauge("rxchat_users", "Logged-in users (every node).");
        var rooms = metrics.CreateGauge("rxchat_rooms", "Rooms with members.");
        var position = metrics.CreateGauge("rxchat_log_position", "The position of the last log entry folded.");
        var queued = metrics.CreateGauge("rxchat_bytes_queued", "Bytes waiting to be written to connections, all of them together.");
        var held = metrics.CreateGauge("rxchat_outbound_held_bytes", "Bytes the shared outbound buffer holds for readers not past them yet: what the memory budget bounds.");
        var lag = metrics.CreateGauge("rxchat_fold_lag_commands", "Fold lag: commands that arrived and wait for the fold to take them.");
        var logAvailable = metrics.CreateGauge("rxchat_log_available", "1 while the log can store runs, 0 while a log kept elsewhere (NATS) is unreachable.");
        _appended = metrics.CreateCounter("rxchat_commands_appended_total", "Commands handed to the log.");
        _folded = metrics.CreateCounter("rxchat_commands_folded_total", "Log entries folded into the chat.");
        _delivered = metrics.CreateCounter("rxchat_lines_delivered_total", "Lines (or frames) queued to connections.");
        _flood = metrics.CreateCounter("rxchat_flood_refusals_total",
            "Flood control: slow_down for each run of dropped lines, cut_off for a flooder disconnected.", "outcome");
        _slowReaders = metrics.CreateCounter("rxchat_slow_readers_cut_off_total", "Connections cut off for not reading what they were sent.");
        _skipped = metrics.CreateCounter("rxchat_log_entries_skipped_total",
            "Log entries skipped by the fold (every node alike) as no node of this chat could have written them, by reason.", "reason");
        _refused = metrics.CreateCounter("rxchat_connections_refused_total",
            "Connections turned away before they joined the chat: full (MaxConnections), address_open, address_rate.", "reason");
        foreach (var reason in TurnedAway.Reasons) _refused.WithLabels(reason);
        _queued = metrics.CreateHistogram("rxchat_command_to_lines_queued_seconds",
            "From a command's arrival off its connection to its lines being queued to their connections.",
            new HistogramConfiguration { Buckets = Histogram.ExponentialBuckets(0.00005, 2, 16) });
        foreach (var kind in ConnectionKind.All) _connections.WithLabels(kind.Label).Set(0);
        foreach (var outcome in new[] { "slow_down", "cut_off" }) _flood.WithLabels(outcome);
        var gc = new GcCounters(metrics);

        Registry.AddBeforeCollectCallback(() =>
        {
            gc.Read();
            queued.Set(queuedBytes());
            lag.Set(Interlocked.Read(ref _waiting));
            if (pipeline() is not { State: var state } running) return;
            held.Set(running.Outbound.HeldBytes);
            logAvailable.Set(running.LogAvailable ? 1 : 0);
            users.Set(state.Clients.Values.Count(c => c.IsLoggedIn));
            rooms.Set(state.Rooms.Count);
            position.Set(state.Position);
        });
    }

    public CollectorRegistry Registry { get; }

    public void Opened(string kind) => _connections.WithLabels(kind).Inc();

    public void Closed(string kind, bool tooSlow)
    {
        _connections.WithLabels(kind).Dec();
        if (tooSlow) _slowReaders.Inc();
    }

    public void Refused(string reason) => _refused.WithLabels(reason).Inc();

    void IChatMeter.Arrived() => Interlocked.Increment(ref _waiting);
    void IChatMeter.Taken(int commands) => Interlocked.Add(ref _waiting, -commands);
    void IChatMeter.Appended(int commands) => _appended.Inc(commands);
    void IChatMeter.Folded() => _folded.Inc();
    void IDeliveryMeter.Delivered() => _delivered.Inc();
    void IDeliveryMeter.Delivered(int followers) => _delivered.Inc(followers);
    void IChatMeter.FloodRefused(bool cutOff) => _flood.WithLabels(cutOff ? "cut_off" : "slow_down").Inc();
    void IChatMeter.EntrySkipped(SkipReason why) => _skipped.WithLabels(SnakeCase(why.ToString())).Inc();
    void IChatMeter.LinesQueued(long arrivedTimestamp) => _queued.Observe(Stopwatch.GetElapsedTime(arrivedTimestamp).TotalSeconds);

    /// <summary>A label as Prometheus spells them: <c>WrongSubject</c> → <c>wrong_subject</c>.</summary>
    private static string SnakeCase(string name) =>
        string.Concat(name.Select((c, i) => char.IsUpper(c) && i > 0 ? $"_{char.ToLowerInvariant(c)}" : $"{char.ToLowerInvariant(c)}"));
}
