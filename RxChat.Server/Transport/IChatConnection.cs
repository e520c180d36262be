using RxChat.Protocol;
using RxChat.Server.Core;
using RxChat.Server.Protocol;

namespace RxChat.Server.Transport;

/// <summary>
/// What the pipeline needs of a connection, and nothing more: its identity, the lines it
/// sends, the codec it speaks, and a way to send it lines and to hang up. A TCP socket is one, a WebSocket another; the marble
/// tests use fakes on virtual time, running the same pipeline.
/// </summary>
public interface IChatConnection
{
    ConnectionId Id { get; }

    /// <summary>How this connection's lines are read and what it is sent: text lines (TCP) or JSON objects (WebSocket).</summary>
    CodecKind Codec => CodecKind.Text;

    /// <summary>Lines as they arrive. Completes when the peer closes; fails on a transport fault.</summary>
    IObservable<InboundLine> Lines { get; }

    /// <summary>
    /// Where the connection's own writer reads its lines, when it has one: the pipeline then
    /// appends to the node's shared buffer and never calls <see cref="Send"/>. Null for a
    /// connection that is handed each line (the tests' fakes): the pipeline reads an outbox
    /// of its own for it, in the same order, after every run.
    /// </summary>
    Outbox? Outbox => null;

    /// <summary>Queues a line. Never blocks: a connection that cannot keep up is cut off instead.</summary>
    void Send(OutboundLine line);

    /// <summary>Closes the connection after what is already queued has been sent.</summary>
    void Hangup();
}
