using RxChat.Server.Core;
using RxChat.Server.Transport;

namespace RxChat.Server.Protocol;

/// <summary>
/// How one kind of connection hears about events: the text lines of PROTOCOL.md Parts 1-3,
/// or the JSON objects of Part 4. The core decides what happened; a codec only says it. A
/// rendering depends on the event, the audience and the state, never on the recipient, so
/// the pipeline renders each delivery once per codec in use among its recipients.
/// </summary>
public interface IChatCodec
{
    /// <summary>What <paramref name="audience"/> is told about <paramref name="e"/>; <paramref name="after"/> is the state once it happened.</summary>
    IReadOnlyList<OutboundLine> Render(ChatEvent e, Audience audience, ChatState after);

    /// <summary>
    /// What the members of <paramref name="room"/> are shown after its membership changed
    /// (someone joined or left): nothing for the text protocol, the <c>room</c> object for Part 4.
    /// </summary>
    IReadOnlyList<OutboundLine> Members(Room room, ChatState after, Stamp at);
}

/// <summary>The codecs a connection can speak; the pipeline keeps one of each.</summary>
public enum CodecKind
{
    /// <summary>PROTOCOL.md Parts 1-3: lines of text (TCP).</summary>
    Text,

    /// <summary>PROTOCOL.md Part 4: one JSON object per frame (WebSocket).</summary>
    Json,
}
