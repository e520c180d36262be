using System.Globalization;
using System.Net;

namespace RxChat.Load;

/// <summary>The server's garbage collections so far, as its /metrics tells them.</summary>
public readonly record struct GcSample(double PauseSeconds, double Gen0, double Gen1, double Gen2);

/// <summary>
/// Reads `rxchat_gc_pause_seconds_total` and `rxchat_gc_collections_total` from the server's
/// /metrics (its HTTP port, `--metrics-port`), so a run reports the GC pauses inside its
/// measured window beside its latency. Off (null samples) without a port or for a server
/// that has no such metrics (the floor, ncat).
/// </summary>
public sealed class GcProbe(IPAddress host, int port) : IDisposable
{
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(5) };

    public bool Enabled => port > 0;

    public async Task<GcSample?> SampleAsync(CancellationToken ct)
    {
        if (!Enabled) return null;
        try
        {
            var text = await _http.GetStringAsync(new Uri($"http://{new IPEndPoint(host, port)}/metrics"), ct);
            return Parse(text);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or FormatException) { return null; }
    }

    public static GcSample? Parse(string exposition)
    {
        double? pause = null, gen0 = null, gen1 = null, gen2 = null;
        foreach (var line in exposition.Split('\n'))
        {
            var space = line.LastIndexOf(' ');
            if (space <= 0 || line.StartsWith('#')) continue;
            var value = double.Parse(line[(space + 1)..], CultureInfo.InvariantCulture);
            switch (line[..space])
            {
                case "rxchat_gc_pause_seconds_total": pause = value; break;
                case "rxchat_gc_collections_total{generation=\"0\"}": gen0 = value; break;
                case "rxchat_gc_collections_total{generation=\"1\"}": gen1 = value; break;
                case "rxchat_gc_collections_total{generation=\"2\"}": gen2 = value; break;
            }
        }
        return pause is { } p ? new GcSample(p, gen0 ?? 0, gen1 ?? 0, gen2 ?? 0) : null;
    }

    public void Dispose() => _http.Dispose();
}
