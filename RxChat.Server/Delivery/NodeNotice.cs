using RxChat.Protocol;
using RxChat.Server.Protocol;

namespace RxChat.Server.Delivery;

/// <summary>
/// A line this node says on its own, not caused by a log entry (a line it could not store,
/// its log unreachable or back), rendered once per codec: the text line, or for the
/// structured protocol a non-fatal <c>error</c> object, so WebSocket users are told too.
/// </summary>
public sealed class NodeNotice(LineShape shape)
{
    private readonly string _text = shape.Render();
    private OutboundLine? _line, _json;

    public OutboundLine For(CodecKind codec) => codec == CodecKind.Json
        ? _json ??= JsonCodec.Notice(_text)
        : _line ??= new OutboundLine(_text);
}
