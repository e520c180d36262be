using System.Numerics;

namespace RxChat.Load;

/// <summary>
/// A lock-free latency histogram in microseconds, log-linear like HdrHistogram: exact below
/// 256 µs, then 128 buckets per power of two (under 0.8 % error). Storing a million
/// samples would cost more than the measurement; a fixed array of counters does not.
/// Safe to record from many receive loops at once.
/// </summary>
public sealed class Histogram
{
    private const int Linear = 256;          // values below this are their own bucket
    private const int PerOctave = Linear / 2; // buckets per power of two above it
    private readonly long[] _counts = new long[Linear + 64 * PerOctave];
    private long _count;
    private long _max;

    public long Count => Interlocked.Read(ref _count);
    public long MaxMicros => Interlocked.Read(ref _max);

    public void Record(long micros)
    {
        if (micros < 0) micros = 0;
        Interlocked.Increment(ref _counts[IndexOf(micros)]);
        Interlocked.Increment(ref _count);
        var max = Interlocked.Read(ref _max);
        while (micros > max)
        {
            var seen = Interlocked.CompareExchange(ref _max, micros, max);
            if (seen == max) break;
            max = seen;
        }
    }

    /// <summary>The value at quantile <paramref name="q"/> (0..1), as the upper edge of its
    /// bucket so it never under-reports.</summary>
    public long PercentileMicros(double q)
    {
        var total = Count;
        if (total == 0) return 0;
        var rank = (long)Math.Ceiling(q * total);
        if (rank < 1) rank = 1;
        long seen = 0;
        for (var i = 0; i < _counts.Length; i++)
        {
            seen += Interlocked.Read(ref _counts[i]);
            if (seen >= rank) return Math.Min(UpperEdge(i), MaxMicros);
        }
        return MaxMicros;
    }

    private static int IndexOf(long v)
    {
        if (v < Linear) return (int)v;
        var msb = 63 - BitOperations.LeadingZeroCount((ulong)v);
        var shift = msb - 7;                   // keep the top 8 bits: 128..255
        var top = (int)(v >> shift);
        return Linear + (shift - 1) * PerOctave + (top - PerOctave);
    }

    private static long UpperEdge(int index)
    {
        if (index < Linear) return index;
        var k = index - Linear;
        var shift = k / PerOctave + 1;
        long top = k % PerOctave + PerOctave;
        return ((top + 1) << shift) - 1;
    }
}
