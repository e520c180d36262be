using System.Text;

namespace RxChat.Server.Protocol;

/// <summary>
/// A line on its way out, rendered once: its UTF-8 bytes, newline included, are shared
/// by every recipient of a broadcast instead of being encoded per connection.
/// </summary>
public sealed class OutboundLine
{
    private static readonly Encoding Utf8 = new UTF8Encoding(false);
    private byte[]?[]? _forms; // made when a recipient first needs one (Form)

    private OutboundLine(Func<IReadOnlyList<OutboundLine>> pieces)
    {
        Text = "";
        Bytes = ReadOnlyMemory<byte>.Empty;
        Pieces = pieces;
    }

    public OutboundLine(string text)
    {
        Text = text;
        var bytes = new byte[Utf8.GetByteCount(text) + 1];
        Utf8.GetBytes(text, bytes);
        bytes[^1] = (byte)'\n';
        Bytes = bytes;
    }

    /// <summary>The line as the chat said it, without the newline.</summary>
    public string Text { get; }

    /// <summary>The bytes on the wire: UTF-8 and a final <c>\n</c>.</summary>
    public ReadOnlyMemory<byte> Bytes { get; }

    /// <summary>
    /// The same bytes without the newline: for a transport that frames each line itself (a
    /// WebSocket text frame), so it never has to look for line ends in what it sends. A view
    /// of <see cref="Bytes"/>, nothing copied.
    /// </summary>
    public ReadOnlyMemory<byte> Payload => Bytes[..^1];

    /// <summary>
    /// A reply that may be large (a room's history, the room list), rendered only when the
    /// connection's writer reaches it (<see cref="Delivery.Outbox.TryTake"/>) and written line by
    /// line as the reader takes them. Queued, it weighs nothing: its bytes do not exist until
    /// the reader is ready for them, so a reply larger than the connection's queue limit is
    /// never why the asker is cut off. It keeps its place in the connection's lines.
    /// </summary>
    public static OutboundLine Later(Func<IReadOnlyList<OutboundLine>> render) => new(render);

    /// <summary>For a line made with <see cref="Later"/>: renders its lines; null for a line of its own.</summary>
    public Func<IReadOnlyList<OutboundLine>>? Pieces { get; }

    /// <summary>
    /// One of the line's other forms: the same line as one kind of recipient sees it (IRC: with
    /// only the tags its capabilities let it see), made by <paramref name="make"/> the first time
    /// a recipient needs form <paramref name="form"/> (of <paramref name="forms"/>), and kept for
    /// every other recipient that needs it: a broadcast then costs each of them a copy of bytes,
    /// never a rendering of its own. Any thread (writers take the same line at once): two that
    /// race make the same bytes, and the first kept is the one every caller gets.
    /// </summary>
    public byte[] Form(int form, int forms, Func<string, int, byte[]> make)
    {
        var made = Volatile.Read(ref _forms);
        if (made is null)
        {
            var fresh = new byte[]?[forms];
            made = Interlocked.CompareExchange(ref _forms, fresh, null) ?? fresh;
        }
        if (Volatile.Read(ref made[form]) is { } known) return known;
        var bytes = make(Text, form);
        return Interlocked.CompareExchange(ref made[form], bytes, null) ?? bytes;
    }

    public override string ToString() => Pieces is null ? Text : "(rendered when taken)";
}
