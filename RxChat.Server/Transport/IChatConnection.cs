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

    /// <summary>The peer's address, for what is counted per address (wrong passwords); null when unknown.</summary>
    System.Net.EndPoint? Remote => null;

    /// <summary>Whether the connection is encrypted (TLS); if not, a password sent over it travels in clear.</summary>
    bool IsSecure => false;

    /// <summary>Lines as they arrive. Completes when the peer closes; fails on a transport fault.</summary>
    IObservable<InboundLine> Lines { get; }

    /// <summary>Queues a line. Never blocks: a connection that cannot keep up is cut off instead.</summary>
    void Send(OutboundLine line);

    /// <summary>
    /// Starts writing what <see cref="Send"/> queued. The pipeline calls it once after a run
    /// of commands, so many lines leave in one write. Connections that deliver at once need not.
    /// </summary>
    void Flush() { }

    /// <summary>Closes the connection after what is already queued has been sent.</summary>
    void Hangup();
}
