using RxChat.Load;
using RxChat.Server.Hosting;

namespace RxChat.Tests.Bench;

/// <summary>The load tool reads the GC counters from what the server's /metrics really serves.</summary>
public sealed class GcProbeTests
{
    [Fact]
    public async Task It_reads_the_pause_time_and_every_generation_from_a_real_scrape()
    {
        var metrics = new ChatMetrics(() => null, () => 0);
        GC.Collect(2, GCCollectionMode.Forced, blocking: true);
        using var stream = new MemoryStream();
        await metrics.Registry.CollectAndExportAsTextAsync(stream);

        var sample = GcProbe.Parse(System.Text.Encoding.UTF8.GetString(stream.ToArray()));

        Assert.NotNull(sample);
        Assert.True(sample.Value.PauseSeconds > 0);
        Assert.True(sample.Value.Gen2 >= 1);
        Assert.True(sample.Value.Gen0 >= sample.Value.Gen1 && sample.Value.Gen1 >= sample.Value.Gen2);
    }

    [Fact]
    public void A_server_without_the_counters_gives_no_sample()
    {
        Assert.Null(GcProbe.Parse("# HELP rxchat_users Logged-in users.\nrxchat_users 3\n"));
    }
}
