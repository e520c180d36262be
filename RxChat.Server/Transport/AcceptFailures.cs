using System.Diagnostics;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace RxChat.Server.Transport;

/// <summary>
/// One accept loop's failed accepts (out of file descriptors, mostly): how long to pause
/// before the next try — doubling from <see cref="FirstPause"/> up to <see cref="LongestPause"/>,
/// back to none once an accept succeeds — and a log that says it once per
/// <see cref="LogEvery"/> with a count, never a line per failure. Used by one thread only.
/// </summary>
internal sealed class AcceptFailures(ILogger logger)
{
    public static readonly TimeSpan FirstPause = TimeSpan.FromMilliseconds(50);
    public static readonly TimeSpan LongestPause = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan LogEvery = TimeSpan.FromSeconds(10);

    private TimeSpan _pause = TimeSpan.Zero;
    private long _unsaid; // failures since the last line
    private long _since; // failures since accepting last worked
    private long _saidAt; // Stopwatch timestamp of the last failure line, 0 before the first
    private bool _recoveryDue; // a failure was said, its end not yet

    /// <summary>An accept failed: logs it when a line is due, and returns how long to wait before the next try.</summary>
    public TimeSpan Failed(SocketException ex)
    {
        _unsaid++;
        _since++;
        _pause = _pause == TimeSpan.Zero ? FirstPause : TimeSpan.FromTicks(Math.Min(_pause.Ticks * 2, LongestPause.Ticks));
        if (_saidAt == 0 || Stopwatch.GetElapsedTime(_saidAt) >= LogEvery)
        {
            logger.LogError("Accept failed {Count} time(s): {Error}; connected clients go on, newcomers wait (retrying every {Pause} ms at most)",
                _unsaid, ex.Message, (long)LongestPause.TotalMilliseconds);
            _unsaid = 0;
            _saidAt = Stopwatch.GetTimestamp();
            _recoveryDue = true;
        }
        return _pause;
    }

    /// <summary>
    /// An accept worked: no pause any more. The recovery is said once per failure line, so a
    /// server at its limit, failing and succeeding by turns, still says two lines per interval.
    /// </summary>
    public void Succeeded()
    {
        if (_since == 0) return;
        if (_recoveryDue) logger.LogInformation("Accepting again after {Count} failed accept(s)", _since);
        _recoveryDue = false;
        _since = 0;
        _pause = TimeSpan.Zero;
    }
}
