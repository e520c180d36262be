using RxChat.Server.Core;
using RxChat.Server.Protocol;

namespace RxChat.Server.Delivery;

/// <summary>
/// What delivery needs of one of this node's connections, and nothing more: who it is, the
/// codec it is sent in, the outbox its writer reads, and a way to close it. A connection of
/// any kind (Transport's <c>IChatConnection</c>) is one; so are the tests' fakes, which read
/// their outbox as a socket's writer does.
/// </summary>
public interface IRecipient
{
    ConnectionId Id { get; }

    /// <summary>What it is sent: text lines (TCP) or JSON objects (WebSocket).</summary>
    CodecKind Codec => CodecKind.Text;

    /// <summary>Where its writer reads its lines from the node's shared buffer.</summary>
    Outbox Outbox { get; }

    /// <summary>Closes the connection after what is already queued has been sent (on the fold's thread).</summary>
    void Hangup();
}
