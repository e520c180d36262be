using System.Reactive.Linq;
using RxChat.Protocol;
using RxChat.Server.Core;
using RxChat.Server.Delivery;
using RxChat.Server.Transport;
using RxChat.Tests.Support;
using RxChat.Tests.Testing;

namespace RxChat.Tests.Scenarios;

/// <summary>
/// A client connection on virtual time: its inbound lines are a hot observable on the
/// <see cref="TestScheduler"/>, and its writer (<see cref="InlineWriter"/>, rung as the fold
/// publishes) records every line the server sends with the clock.
/// </summary>
internal sealed class ScenarioConnection : IChatConnection
{
    private readonly TestScheduler _scheduler;
    private readonly List<Heard> _received = new();
    private readonly InlineWriter _writer;
    private bool _peerClosed;

    public ScenarioConnection(ConnectionId id, IObservable<InboundLine> lines, TestScheduler scheduler)
    {
        Id = id;
        _scheduler = scheduler;
        _writer = new InlineWriter(line => _received.Add(new Heard(_scheduler.Clock, line.Text)), finished: Closed);
        // Once the client itself has gone, the server closing its side is not news to anyone.
        Lines = lines.Do(_ => { }, _ => _peerClosed = true, () => _peerClosed = true);
    }

    public ConnectionId Id { get; }

    public IObservable<InboundLine> Lines { get; }

    /// <summary>What arrived and when: a line, or null for the server closing the connection.</summary>
    public IReadOnlyList<Heard> Received => _received;

    public Outbox Outbox => _writer.Outbox;

    /// <summary>What is queued is still read; then the connection closes.</summary>
    public void Hangup()
    {
        Outbox.Complete();
        Outbox.Ring();
    }

    /// <summary>Hung up, everything read: the server closes the connection.</summary>
    private void Closed()
    {
        if (_peerClosed) return; // once the client itself has gone, the server closing its side is not news to anyone
        _received.Add(new Heard(_scheduler.Clock, null));
    }
}
