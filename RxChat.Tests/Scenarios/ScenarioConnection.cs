using System.Reactive.Linq;
using RxChat.Protocol;
using RxChat.Server.Core;
using RxChat.Server.Transport;
using RxChat.Tests.Testing;

namespace RxChat.Tests.Scenarios;

/// <summary>
/// A client connection on virtual time: its inbound lines are a hot observable on the
/// <see cref="TestScheduler"/>, and every line the server sends is recorded with the clock.
/// </summary>
internal sealed class ScenarioConnection : IChatConnection
{
    private readonly TestScheduler _scheduler;
    private readonly List<Heard> _received = new();
    private bool _peerClosed;
    private bool _hungUp;

    public ScenarioConnection(ConnectionId id, IObservable<InboundLine> lines, TestScheduler scheduler)
    {
        Id = id;
        _scheduler = scheduler;
        // Once the client itself has gone, the server closing its side is not news to anyone.
        Lines = lines.Do(_ => { }, _ => _peerClosed = true, () => _peerClosed = true);
    }

    public ConnectionId Id { get; }

    public IObservable<InboundLine> Lines { get; }

    /// <summary>What arrived and when: a line, or null for the server closing the connection.</summary>
    public IReadOnlyList<Heard> Received => _received;

    public void Send(OutboundLine line) => _received.Add(new Heard(_scheduler.Clock, line.Text));

    public void Hangup()
    {
        if (_hungUp || _peerClosed) return;
        _hungUp = true;
        _received.Add(new Heard(_scheduler.Clock, null));
    }
}
