using System.Buffers;
using System.Text;

namespace RxChat.Protocol;

/// <summary>
/// Cuts a byte stream into lines at <c>\n</c> (a trailing <c>\r</c> is dropped), the
/// way Kestrel frames: a small loop over a <see cref="ReadOnlySequence{T}"/> with a
/// <see cref="SequenceReader{T}"/>. A line may arrive split over any number of reads,
/// several lines may arrive in one. A line longer than <see cref="MaxLineBytes"/> is
/// reported once and its bytes are skipped up to its end, so a peer that never sends a
/// newline costs at most the limit. Decoding happens per whole line, so a multi-byte
/// character split between two reads is decoded correctly; invalid UTF-8 becomes U+FFFD.
/// </summary>
public sealed class LineFramer(int maxLineBytes)
{
    private static readonly Encoding Utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);
    private bool _skippingOverlong;

    public int MaxLineBytes { get; } = maxLineBytes;

    /// <summary>
    /// Takes the next complete line off the front of <paramref name="buffer"/>. Returns
    /// false when more bytes are needed; <paramref name="buffer"/> then holds the bytes
    /// still to be kept (at most the limit).
    /// </summary>
    public bool TryReadLine(ref ReadOnlySequence<byte> buffer, out InboundLine line)
    {
        while (true)
        {
            var reader = new SequenceReader<byte>(buffer);
            if (reader.TryReadTo(out ReadOnlySequence<byte> bytes, (byte)'\n'))
            {
                buffer = buffer.Slice(reader.Position);
                if (_skippingOverlong) { _skippingOverlong = false; continue; }
                if (bytes.Length > MaxLineBytes + 1 || (bytes.Length == MaxLineBytes + 1 && !EndsWithCarriageReturn(bytes)))
                {
                    line = InboundLine.Overlong;
                    return true;
                }
                line = new InboundLine(Decode(bytes));
                return true;
            }

            // No newline yet: keep waiting unless the partial line is already too long.
            if (buffer.Length <= MaxLineBytes + 1) { line = default; return false; }
            buffer = buffer.Slice(buffer.End);
            if (_skippingOverlong) { line = default; return false; }
            _skippingOverlong = true;
            line = InboundLine.Overlong;
            return true;
        }
    }

    /// <summary>What is left when the peer stops sending: an unterminated last line still counts.</summary>
    public bool TryReadLast(ReadOnlySequence<byte> rest, out InboundLine line)
    {
        bool hasLine = !_skippingOverlong && rest.Length > 0;
        line = hasLine ? new InboundLine(Decode(rest)) : default;
        return hasLine;
    }

    private static bool EndsWithCarriageReturn(ReadOnlySequence<byte> bytes) =>
        bytes.Slice(bytes.Length - 1).FirstSpan[0] == (byte)'\r';

    private static string Decode(ReadOnlySequence<byte> bytes)
    {
        if (bytes.Length > 0 && EndsWithCarriageReturn(bytes)) bytes = bytes.Slice(0, bytes.Length - 1);
        return bytes.IsSingleSegment ? Utf8.GetString(bytes.FirstSpan) : Utf8.GetString(in bytes);
    }
}
