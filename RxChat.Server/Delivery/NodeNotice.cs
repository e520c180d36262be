using RxChat.Protocol;
using RxChat.Server.Protocol;

namespace RxChat.Server.Delivery;

/// <summary>
/// A line this node says on its own, not caused by a log entry (a line it could not store,
/// its log unreachable or back), rendered by each codec (<see cref="IChatCodec.Notice"/>)
/// once, the first time a connection speaking it is told.
/// </summary>
public sealed class NodeNotice(LineShape shape)
{
    private readonly string _text = shape.Render();
    private readonly OutboundLine?[] _rendered = new OutboundLine?[Codecs.Count];

    public OutboundLine For(IChatCodec[] codecs, CodecKind kind) => _rendered[(int)kind] ??= codecs[(int)kind].Notice(_text);
}
