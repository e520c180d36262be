namespace RxChat.Server.Protocol;

/// <summary>The codecs a connection can speak; <see cref="Codecs.Create"/> makes one of each, indexed by this.</summary>
public enum CodecKind
{
    /// <summary>PROTOCOL.md Parts 1-3: lines of text (TCP).</summary>
    Text,

    /// <summary>PROTOCOL.md Part 4: one JSON object per frame (WebSocket).</summary>
    Json,

    /// <summary>IRC (RFC 1459 and IRCv3's capabilities): one message per line (the IRC port).</summary>
    Irc,
}
