using System.Reactive.Subjects;
using RxChat.Protocol;
using RxChat.Server.Core;
using RxChat.Server.Delivery;
using RxChat.Server.Protocol;
using RxChat.Server.Transport;

namespace RxChat.Tests.Support;

/// <summary>
/// A connection made of a subject and a list, for running the real pipeline without sockets:
/// its writer (<see cref="InlineWriter"/>) reads its outbox into <see cref="Received"/> as the
/// fold publishes. <see cref="BreakOnSend"/> makes that writer fail, like a transport with a bug.
/// </summary>
public sealed class FakeConnection : IChatConnection
{
    private readonly Subject<InboundLine> _lines = new();
    private readonly InlineWriter _writer;

    public FakeConnection(long sequence, string node = "local", CodecKind codec = CodecKind.Text)
    {
        Id = new ConnectionId(node, sequence);
        Codec = codec;
        _writer = new InlineWriter(Read, finished: () => HungUp = true);
    }

    public CodecKind Codec { get; }

    public ConnectionId Id { get; }
    public System.Net.EndPoint? Remote { get; init; }
    public bool IsSecure { get; init; }
    public IObservable<InboundLine> Lines => _lines;
    public List<string> Received { get; } = [];
    public Outbox Outbox => _writer.Outbox;

    /// <summary>Hung up with everything read, or cut off.</summary>
    public bool HungUp { get; private set; }
    public bool BreakOnSend { get; set; }

    /// <summary>Why the server cut it off (its writer failed, or it fell too far behind), if it did.</summary>
    public string? CutOffBecause => _writer.CutOffBecause;

    public void Type(params string[] lines) { foreach (var line in lines) _lines.OnNext(line); }
    public void TypeOverlong() => _lines.OnNext(InboundLine.Overlong);
    public void Fail(Exception error) => _lines.OnError(error);
    public void Close() => _lines.OnCompleted();

    private void Read(OutboundLine line)
    {
        if (BreakOnSend) throw new InvalidOperationException("transport bug");
        lock (Received)
        {
            Received.Add(line.Text);
            Monitor.PulseAll(Received);
        }
    }

    /// <summary>
    /// For a chat folded on another thread: waits until <paramref name="seen"/> holds for the lines
    /// received so far, at most <paramref name="within"/> (a generous bound, not a measurement).
    /// </summary>
    public bool WaitUntil(Func<IReadOnlyList<string>, bool> seen, TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        lock (Received)
        {
            while (!seen(Received))
            {
                var left = deadline - DateTime.UtcNow;
                if (left <= TimeSpan.Zero) return false;
                Monitor.Wait(Received, left);
            }
            return true;
        }
    }

    /// <summary>The lines received so far, copied (for a chat folded on another thread).</summary>
    public string[] ReceivedSoFar()
    {
        lock (Received) return [.. Received];
    }

    public void Hangup()
    {
        Outbox.Complete();
        Outbox.Ring();
    }
}
