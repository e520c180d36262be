using System.Reactive.Subjects;
using RxChat.Protocol;
using RxChat.Server.Core;
using RxChat.Server.Delivery;
using RxChat.Server.Protocol;
using RxChat.Server.Transport;

namespace RxChat.Tests.Support;

/// <summary>
/// A connection whose writer is the test itself: the pipeline appends to the shared buffer
/// for it, as for a socket, and the test reads
/// (<see cref="Read"/>) when it likes, or never. Cut off, its lines fail with the reason,
/// as a socket's reader does.
/// </summary>
public sealed class OutboxConnection : IChatConnection
{
    private readonly Subject<InboundLine> _lines = new();

    public OutboxConnection(long sequence, long maxQueuedBytes = 1024 * 1024, CodecKind codec = CodecKind.Text)
    {
        Id = new ConnectionId("local", sequence);
        Codec = codec;
        Outbox = new Outbox(maxQueuedBytes) { OnCutOff = reason => CutOffBecause = reason };
    }

    public ConnectionId Id { get; }

    /// <summary>What it is sent: text lines, or the structured protocol's JSON objects.</summary>
    public CodecKind Codec { get; }
    public IObservable<InboundLine> Lines => _lines;
    public Outbox Outbox { get; }
    public bool HungUp { get; private set; }

    /// <summary>Why the server cut it off, if it did.</summary>
    public string? CutOffBecause { get; private set; }

    /// <summary>Everything read so far, in order.</summary>
    public List<string> Received { get; } = [];

    public void Type(params string[] lines) { foreach (var line in lines) _lines.OnNext(line); }
    public void Close() => _lines.OnCompleted();

    /// <summary>The reader's side of a cut-off: its lines end with the reason (call it outside the fold).</summary>
    public void FailIfCutOff()
    {
        if (CutOffBecause is { } reason) _lines.OnError(new ConnectionAbortedException(reason));
    }

    /// <summary>Plays the writer: takes every line published for it.</summary>
    public List<string> Read()
    {
        var read = new List<string>();
        while (Outbox.TryTake(out var line)) read.Add(line.Text);
        Received.AddRange(read);
        return read;
    }

    public void Hangup()
    {
        HungUp = true;
        Outbox.Complete();
    }
}
