using System.Buffers.Binary;

namespace RxChat.Server.Transport;

/// <summary>
/// A whole text frame as a server sends it (RFC 6455 §5.2): FIN and the text opcode, then the
/// payload's length in 7 bits, or 126 and 16 bits, or 127 and 64 bits, big endian, then the
/// payload. Never masked (only a client masks) and never compressed (no extension is agreed).
/// With it a member's writer puts a line's frame straight into what its stream holds,
/// instead of asking the WebSocket to make and send each one.
/// </summary>
public static class WebSocketTextFrame
{
    /// <summary>The longest header: 2 bytes and a 64-bit length.</summary>
    public const int MaxHeaderLength = 10;

    /// <summary>The first byte of a whole close frame, as the WebSocket sends its own.</summary>
    public const byte FinClose = 0x88;

    private const byte FinText = 0x81;

    public static int HeaderLength(int payloadLength) => payloadLength switch
    {
        < 0 => throw new ArgumentOutOfRangeException(nameof(payloadLength)),
        <= 125 => 2,
        <= ushort.MaxValue => 4,
        _ => MaxHeaderLength,
    };

    /// <summary>Header and payload together.</summary>
    public static int Length(int payloadLength) => HeaderLength(payloadLength) + payloadLength;

    /// <summary>Writes the header of a text frame of <paramref name="payloadLength"/> bytes; returns its length.</summary>
    public static int WriteHeader(Span<byte> into, int payloadLength)
    {
        int length = HeaderLength(payloadLength);
        into[0] = FinText;
        switch (length)
        {
            case 2:
                into[1] = (byte)payloadLength;
                break;
            case 4:
                into[1] = 126;
                BinaryPrimitives.WriteUInt16BigEndian(into[2..], (ushort)payloadLength);
                break;
            default:
                into[1] = 127;
                BinaryPrimitives.WriteUInt64BigEndian(into[2..], (ulong)payloadLength);
                break;
        }
        return length;
    }

    /// <summary>Writes the whole frame (header, then <paramref name="payload"/>); returns its length.</summary>
    public static int Write(Span<byte> into, ReadOnlySpan<byte> payload)
    {
        int header = WriteHeader(into, payload.Length);
        payload.CopyTo(into[header..]);
        return header + payload.Length;
    }
}
