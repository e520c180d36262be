using RxChat.Server.Core;

namespace RxChat.Server.Protocol;

/// <summary>
/// One kind of connection's language, both ways: the text lines of PROTOCOL.md Parts 1-3, or
/// the JSON objects of Part 4. It reads what a client sends into commands, and says what
/// happened; the core decides in between. A rendering depends on the event, the audience and
/// the state, never on the recipient, so the pipeline renders each delivery once per codec in
/// use among its recipients.
/// </summary>
public interface IChatCodec : IFrameReader
{
    /// <summary>What <paramref name="audience"/> is told about <paramref name="e"/>; <paramref name="after"/> is the state once it happened.</summary>
    IReadOnlyList<OutboundLine> Render(ChatEvent e, Audience audience, ChatState after);

    /// <summary>
    /// The lines that answer a command: what <see cref="Render"/> says for <see cref="Answered"/>,
    /// so a long answer can be rendered later, on the connection's writer (<see cref="OutboundLine.Later"/>).
    /// The text and JSON codecs need only the answer; IRC also names the asker, from
    /// <paramref name="after"/> (immutable, so reading it later is safe; it is held until the reply is written).
    /// </summary>
    IReadOnlyList<OutboundLine> RenderAnswer(Answered answered, ChatState after);

    /// <summary>
    /// What the members of <paramref name="room"/> are shown after its membership changed
    /// (someone joined or left): nothing for the text protocol, the <c>room</c> object for Part 4.
    /// </summary>
    IReadOnlyList<OutboundLine> Members(Room room, ChatState after, Stamp at);

    /// <summary>
    /// A line of the server's own, not caused by a log entry (a line it could not store, its log
    /// unreachable or back): the text line itself, or for the structured protocol a non-fatal
    /// <c>error</c> object, so every kind of client is told.
    /// </summary>
    OutboundLine Notice(string text);
}

/// <summary>
/// How one connection's frames are read. The text and structured protocols read each frame on
/// its own (their codec is the reader); IRC keeps a little per connection (its registration,
/// the capabilities it took), so each IRC connection has a reader of its own.
/// </summary>
public interface IFrameReader
{
    /// <summary>
    /// What one received frame says, read once: the command it makes (none for a blank line)
    /// and a password sent along with a login.
    /// </summary>
    /// <param name="awaitingLogin">Whether the username is still to come: it changes what a frame says (the text protocol's first line is the name; the structured protocol takes <c>login</c> only then).</param>
    Inbound Read(string frame, bool awaitingLogin);

    /// <summary>
    /// The password in a frame sent after being asked for one: read as a password whatever it
    /// says, never as a command, so a password like <c>/users</c> or <c>quit</c> works too.
    /// </summary>
    string ReadPassword(string frame);
}
