using Prometheus;

namespace RxChat.Server.Hosting;

/// <summary>
/// The runtime's garbage collections as metrics, read from the runtime when scraped: how
/// often each generation was collected and how long the process was paused for it in all.
/// Two scrapes around a measurement give the pauses inside it, beside its latency (bench/).
/// The server's registry is its own, so the runtime metrics prometheus-net puts on its
/// default registry are not served; these are the few that explain a latency tail.
/// </summary>
internal sealed class GcCounters(MetricFactory metrics)
{
    private readonly Counter _pause = metrics.CreateCounter("rxchat_gc_pause_seconds_total",
        "Time the runtime paused the process for garbage collection since it started.");
    private readonly Counter _collections = metrics.CreateCounter("rxchat_gc_collections_total",
        "Garbage collections since the process started, by generation (a gen 2 collection counts in 1 and 0 too).", "generation");

    public void Read()
    {
        _pause.IncTo(GC.GetTotalPauseDuration().TotalSeconds);
        for (var generation = 0; generation <= GC.MaxGeneration; generation++)
            _collections.WithLabels(generation.ToString(System.Globalization.CultureInfo.InvariantCulture)).IncTo(GC.CollectionCount(generation));
    }
}
