namespace RxChat.Server.Protocol;

/// <summary>
/// The codecs this server speaks, in one place: adding a codec is adding its folder, a
/// <see cref="CodecKind"/> and a line here.
/// </summary>
public static class Codecs
{
    /// <summary>How many kinds there are: the size of anything kept per codec.</summary>
    public static readonly int Count = Enum.GetValues<CodecKind>().Length;

    /// <summary>One codec of each kind, indexed by <see cref="CodecKind"/>.</summary>
    /// <param name="zone">The display time zone of the text protocol's <c>[HH:MM:SS]</c>.</param>
    /// <param name="announceLeaders">PROTOCOL.md Part 3: the text protocol's leader announcements, which a server may turn off.</param>
    public static IChatCodec[] Create(TimeZoneInfo zone, bool announceLeaders)
    {
        var text = new TextCodec(zone, announceLeaders);
        var byKind = new IChatCodec[Count];
        byKind[(int)CodecKind.Text] = text;
        byKind[(int)CodecKind.Json] = new JsonCodec(text); // answers and refusals in the text protocol's words
        byKind[(int)CodecKind.Irc] = new IrcCodec(text); // the same words, where IRC has no numeric of its own
        return byKind;
    }
}
