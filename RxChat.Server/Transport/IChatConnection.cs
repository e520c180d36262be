using RxChat.Protocol;
using RxChat.Server.Delivery;

namespace RxChat.Server.Transport;

/// <summary>
/// What the pipeline needs of a connection, and nothing more: what delivery needs of it
/// (<see cref="IRecipient"/>: its identity, codec, outbox and hang-up), and the lines it
/// sends. A TCP socket is one, a WebSocket another; the marble tests use fakes on virtual
/// time, running the same pipeline.
/// </summary>
public interface IChatConnection : IRecipient
{
    /// <summary>The peer's address, for what is counted per address (wrong passwords); null when unknown.</summary>
    System.Net.EndPoint? Remote => null;

    /// <summary>
    /// Whether the connection is encrypted (the TLS port, or a WebSocket over <c>wss://</c>);
    /// if not, a password sent over it travels in clear.
    /// </summary>
    bool IsSecure => false;

    /// <summary>
    /// What reads this connection's lines when it keeps something between them (an IRC
    /// connection's registration and capabilities); null when its codec reads each on its own.
    /// </summary>
    Protocol.IFrameReader? Reader => null;

    /// <summary>Lines as they arrive. Completes when the peer closes; fails on a transport fault.</summary>
    IObservable<InboundLine> Lines { get; }
}
