namespace RxChat.Load;

/// <summary>One reading of the server processes' CPU time and memory, from /proc.</summary>
/// <param name="Threads">OS threads: a .NET server whose thread count keeps climbing under
/// load is blocking pool threads (the pool adds threads slowly to compensate).</param>
public readonly record struct ServerSample(long CpuTicks, long RssKiB, long PeakRssKiB, int Threads, DateTime At);

/// <summary>
/// Reads CPU and memory of the server under test (one or more pids, summed: several
/// `ncat --broker` processes stand in for one server with several rooms). Linux only.
/// </summary>
public sealed class ServerProbe(IReadOnlyList<int> pids)
{
    // USER_HZ: the unit of utime/stime in /proc/<pid>/stat. 100 on every Linux x86_64 and
    // arm64 build (it is part of the kernel ABI, unlike the real tick rate).
    private const double TicksPerSecond = 100;

    public bool Enabled => pids.Count > 0;

    public ServerSample Sample()
    {
        long cpu = 0, rss = 0, peak = 0;
        var threads = 0;
        foreach (var pid in pids)
        {
            try
            {
                var stat = File.ReadAllText($"/proc/{pid}/stat");
                // Fields after the command name, which is in parentheses and may hold spaces.
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                cpu += long.Parse(fields[11]) + long.Parse(fields[12]); // utime, stime
                foreach (var line in File.ReadLines($"/proc/{pid}/status"))
                {
                    if (line.StartsWith("VmRSS:")) rss += KiB(line);
                    else if (line.StartsWith("VmHWM:")) peak += KiB(line);
                    else if (line.StartsWith("Threads:")) threads += (int)KiB(line);
                }
            }
            catch (IOException) { } // the process is gone: it contributes nothing
        }
        return new ServerSample(cpu, rss, peak, threads, DateTime.UtcNow);
    }

    /// <summary>Server CPU between two samples, in percent of one core.</summary>
    public static double CpuPercent(ServerSample from, ServerSample to, TimeSpan wall) =>
        wall <= TimeSpan.Zero ? 0 : (to.CpuTicks - from.CpuTicks) / TicksPerSecond / wall.TotalSeconds * 100;

    /// <summary>The number in a `Name:   123 kB` line of /proc/&lt;pid&gt;/status.</summary>
    private static long KiB(string line) =>
        long.Parse(line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)[1]); // tabs and spaces
}
