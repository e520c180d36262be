using RxChat.Server.Delivery;
using RxChat.Server.Protocol;

namespace RxChat.Tests.Support;

/// <summary>
/// Plays a connection's writer on the fold's own thread, for the tests' connections: rung as
/// the node's buffer publishes (<see cref="Outbox.ReadsInline"/>), it reads every line
/// published for its connection, in log order, the way a socket's writer does — so on virtual
/// time what a connection hears, and when, is exact. A line it cannot take (<paramref name="read"/>
/// throws) cuts its connection off, as a socket that cannot be written to is; once hung up
/// with everything read, or closed, it says so once (<paramref name="finished"/>).
/// </summary>
public sealed class InlineWriter
{
    private readonly Action<OutboundLine> _read;
    private readonly Action _finished;
    private bool _done;

    public InlineWriter(Action<OutboundLine> read, Action finished, long maxQueuedBytes = long.MaxValue)
    {
        _read = read;
        _finished = finished;
        Outbox = new Outbox(maxQueuedBytes)
        {
            ReadsInline = true,
            Wake = _ => Write(),
            OnCutOff = reason => CutOffBecause = reason,
        };
    }

    public Outbox Outbox { get; }

    /// <summary>Why the connection was cut off, if it was.</summary>
    public string? CutOffBecause { get; private set; }

    private void Write()
    {
        if (_done) return;
        Outbox.Answer(); // lines published from now on ring again
        try
        {
            while (Outbox.TryTake(out var line)) _read(line);
        }
        catch (Exception ex)
        {
            Outbox.CutOff($"could not be written to: {ex.Message}");
        }
        if (_done || !Outbox.IsDone) return;
        _done = true;
        _finished();
    }
}
