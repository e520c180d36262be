using RxChat.Protocol;
using RxChat.Server.Core;
using RxChat.Server.Transport;

namespace RxChat.Tests.Server.Pipeline;

/// <summary>A connection whose lines are a marble stream; it records nothing, for tests of the
/// pipeline's inbound side.</summary>
internal sealed class MarbleConnection(long sequence, IObservable<string> lines) : IChatConnection
{
    public ConnectionId Id { get; } = new("local", sequence);

    public IObservable<InboundLine> Lines { get; } = System.Reactive.Linq.Observable.Select(lines, text => new InboundLine(text));

    public void Send(OutboundLine line) { }

    public void Hangup() { }
}
