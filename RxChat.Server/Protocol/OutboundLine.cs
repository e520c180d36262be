using System.Text;

namespace RxChat.Server.Protocol;

/// <summary>
/// A line on its way out, rendered once: its UTF-8 bytes, newline included, are shared
/// by every recipient of a broadcast instead of being encoded per connection.
/// </summary>
public sealed class OutboundLine
{
    private static readonly Encoding Utf8 = new UTF8Encoding(false);

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

    public override string ToString() => Text;
}
