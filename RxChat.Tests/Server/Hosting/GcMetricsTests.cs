using System.Globalization;
using System.Text;
using RxChat.Server.Hosting;

namespace RxChat.Tests.Server.Hosting;

/// <summary>/metrics tells the runtime's garbage collections (bench/ sets their pauses beside a run's latency).</summary>
public sealed class GcMetricsTests
{
    [Fact]
    public async Task A_scrape_reports_the_collections_and_pause_time_the_runtime_counted_so_far()
    {
        var metrics = new ChatMetrics(() => null, () => 0);
        GC.Collect(2, GCCollectionMode.Forced, blocking: true);
        var gen2Before = GC.CollectionCount(2);
        var pauseBefore = GC.GetTotalPauseDuration().TotalSeconds;

        var text = await ScrapeAsync(metrics);

        Assert.True(Value(text, "rxchat_gc_collections_total{generation=\"2\"}") >= gen2Before);
        Assert.True(Value(text, "rxchat_gc_collections_total{generation=\"0\"}") >= Value(text, "rxchat_gc_collections_total{generation=\"2\"}"));
        var pause = Value(text, "rxchat_gc_pause_seconds_total");
        Assert.True(pause > 0, "a blocking collection pauses the process");
        Assert.True(pause >= pauseBefore);
    }

    [Fact]
    public async Task A_later_scrape_counts_the_collections_in_between()
    {
        var metrics = new ChatMetrics(() => null, () => 0);
        var first = Value(await ScrapeAsync(metrics), "rxchat_gc_collections_total{generation=\"2\"}");

        GC.Collect(2, GCCollectionMode.Forced, blocking: true);

        var second = Value(await ScrapeAsync(metrics), "rxchat_gc_collections_total{generation=\"2\"}");
        Assert.True(second >= first + 1, $"gen 2 went from {first} to {second} across a forced collection");
    }

    private static async Task<string> ScrapeAsync(ChatMetrics metrics)
    {
        using var stream = new MemoryStream();
        await metrics.Registry.CollectAndExportAsTextAsync(stream);
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static double Value(string exposition, string series)
    {
        var line = exposition.Split('\n').Single(l => l.StartsWith(series + " ", StringComparison.Ordinal));
        return double.Parse(line[(series.Length + 1)..], CultureInfo.InvariantCulture);
    }
}
