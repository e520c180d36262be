using System.Reactive.Subjects;
using RxChat.Protocol;
using RxChat.Server.Core;
using RxChat.Server.Protocol;
using RxChat.Server.Transport;

namespace RxChat.Tests.Support;

/// <summary>
/// A connection made of a subject and a list, for running the real pipeline without sockets.
/// <see cref="BreakOnSend"/> makes it throw when handed a line, like a transport with a bug.
/// </summary>
public sealed class FakeConnection(long sequence, string node = "local", CodecKind codec = CodecKind.Text) : IChatConnection
{
    public CodecKind Codec => codec;

    private readonly Subject<InboundLine> _lines = new();

    public ConnectionId Id { get; } = new(node, sequence);
    public IObservable<InboundLine> Lines => _lines;
    public List<string> Received { get; } = [];
    public bool HungUp { get; private set; }
    public bool BreakOnSend { get; set; }

    public void Type(params string[] lines) { foreach (var line in lines) _lines.OnNext(line); }
    public void TypeOverlong() => _lines.OnNext(InboundLine.Overlong);
    public void Fail(Exception error) => _lines.OnError(error);
    public void Close() => _lines.OnCompleted();

    public void Send(OutboundLine line)
    {
        if (BreakOnSend) throw new InvalidOperationException("transport bug");
        Received.Add(line.Text);
    }

    public void Hangup() => HungUp = true;
}
