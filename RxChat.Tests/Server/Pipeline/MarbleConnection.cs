using RxChat.Protocol;
using RxChat.Server.Core;
using RxChat.Server.Delivery;
using RxChat.Server.Transport;
using RxChat.Tests.Support;

namespace RxChat.Tests.Server.Pipeline;

/// <summary>A connection whose lines are a marble stream; its writer reads what it is sent and
/// keeps nothing, for tests of the pipeline's inbound side.</summary>
internal sealed class MarbleConnection(long sequence, IObservable<string> lines) : IChatConnection
{
    private readonly InlineWriter _writer = new(read: _ => { }, finished: () => { });

    public ConnectionId Id { get; } = new("local", sequence);

    public IObservable<InboundLine> Lines { get; } = System.Reactive.Linq.Observable.Select(lines, text => new InboundLine(text));

    public Outbox Outbox => _writer.Outbox;

    public void Hangup()
    {
        Outbox.Complete();
        Outbox.Ring();
    }
}
