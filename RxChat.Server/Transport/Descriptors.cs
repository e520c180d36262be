namespace RxChat.Server.Transport;

/// <summary>
/// The process's file descriptors (Linux, read from <c>/proc/self</c>): every connection costs
/// one, and so does much else the server needs now and then — a dll loaded on first use (two
/// each), the log's files, a snapshot, Kestrel's own sockets. A process that runs out fails
/// in places that cannot recover (the runtime aborts with <c>Out of memory.</c> when it cannot
/// load an assembly), so connections are bounded to leave a reserve: <see cref="ConnectionBound"/>.
/// </summary>
public static class Descriptors
{
    /// <summary>The least reserve kept free for the server itself.</summary>
    public const int LeastReserve = 32;

    /// <summary>
    /// The most: what the server opens after start-up (a late dll, the log's files, a snapshot)
    /// does not grow with the limit, and a reserve of a sixteenth left 1,250 of 20,000 unused.
    /// </summary>
    public const int MostReserve = 192;

    /// <summary>
    /// How many connections the descriptor limit leaves room for, with those open now and a
    /// reserve of a sixty-fourth of the limit (from <see cref="LeastReserve"/> to <see cref="MostReserve"/>) kept free;
    /// null where it cannot be read (not Linux) or no bound is needed.
    /// </summary>
    /// <param name="alsoKept">Descriptors kept for something else too (<see cref="WebShare"/>).</param>
    public static (int Bound, long Limit, int Open)? ConnectionBound(int alsoKept = 0)
    {
        if (SoftLimit() is not { } limit || OpenNow() is not { } open) return null;
        var reserve = Math.Clamp(limit / 64, LeastReserve, MostReserve);
        return ((int)Math.Clamp(limit - open - reserve - alsoKept, 1, int.MaxValue), limit, open);
    }

    /// <summary>
    /// Plain HTTP connections (page, metrics, a WebSocket's handshake) Kestrel may hold at once:
    /// a sixteenth of the limit, at least 4; a WebSocket, once upgraded, counts among the chat's
    /// connections instead. Without a bound a flood of HTTP connections took every descriptor.
    /// </summary>
    public static int? WebShare() => SoftLimit() is { } limit ? (int)Math.Clamp(limit / 16, 4, int.MaxValue) : null;

    /// <summary>The soft <c>RLIMIT_NOFILE</c> (<c>ulimit -n</c>), or null when unknown or unlimited.</summary>
    public static long? SoftLimit()
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/self/limits"))
            {
                if (!line.StartsWith("Max open files", StringComparison.Ordinal)) continue;
                var fields = line["Max open files".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
                return fields.Length > 0 && long.TryParse(fields[0], out var soft) ? soft : null;
            }
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
        return null;
    }

    /// <summary>How many descriptors the process has open now, or null when unknown.</summary>
    public static int? OpenNow()
    {
        try { return Directory.EnumerateFileSystemEntries("/proc/self/fd").Count(); }
        catch (IOException) { return null; }
        catch (UnauthorizedAccessException) { return null; }
    }
}
