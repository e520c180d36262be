namespace RxChat.Load;

/// <summary>One reading of the whole machine's CPU counters (the first line of /proc/stat).</summary>
public readonly record struct MachineSample(long Busy, long Idle, long Steal)
{
    /// <summary>
    /// The machine is shared (2 cores, other work running beside the benchmark), so every
    /// report says how busy it was: a run where the cores were already full measures the
    /// neighbours as much as the server. Steal is time the hypervisor gave to other guests.
    /// </summary>
    public static MachineSample Read()
    {
        try
        {
            var f = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries);
            long V(int i) => i < f.Length ? long.Parse(f[i]) : 0;
            // cpu user nice system idle iowait irq softirq steal
            long idle = V(4) + V(5), steal = V(8);
            long busy = V(1) + V(2) + V(3) + V(6) + V(7);
            return new MachineSample(busy, idle, steal);
        }
        catch (IOException) { return default; }
    }

    /// <summary>(busy %, steal %) of all cores between two readings.</summary>
    public static (double Busy, double Steal) Between(MachineSample a, MachineSample b)
    {
        double busy = b.Busy - a.Busy, idle = b.Idle - a.Idle, steal = b.Steal - a.Steal;
        var total = busy + idle + steal;
        return total <= 0 ? (0, 0) : (busy / total * 100, steal / total * 100);
    }
}
