using System.Buffers;
using System.Buffers.Binary;

namespace FloorNats;

/// <summary>What a member did that every relay must hear of.</summary>
public enum EntryKind : byte
{
    /// <summary>A chat line: to every other member of the room.</summary>
    Chat = 1,
    /// <summary>A join: "joined the room" to every other member of the room.</summary>
    Joined = 2,
    /// <summary>Leaving a room (by a join elsewhere, quit or a close): "left the room" to every other user.</summary>
    Left = 3,
}

/// <summary>
/// One entry of the log as it is stored: many entries make one JetStream message (a batch, as
/// RxChat stores a run of commands in one message). Binary and flat, so writing and reading
/// one costs a few copies: kind (1 byte), the member's id at its relay (8), then name, room and
/// text, each a 2-byte length and its UTF-8 bytes. A member is known by its relay (the
/// subject the message came on) and its id there, so a relay never sends a member its own line.
/// </summary>
public readonly ref struct Entry(EntryKind kind, long member, ReadOnlySpan<byte> name, ReadOnlySpan<byte> room, ReadOnlySpan<byte> text)
{
    public EntryKind Kind { get; } = kind;
    public long Member { get; } = member;
    public ReadOnlySpan<byte> Name { get; } = name;
    public ReadOnlySpan<byte> Room { get; } = room;
    public ReadOnlySpan<byte> Text { get; } = text;

    public void WriteTo(IBufferWriter<byte> to)
    {
        var size = 1 + 8 + 2 + Name.Length + 2 + Room.Length + 2 + Text.Length;
        var span = to.GetSpan(size);
        span[0] = (byte)Kind;
        BinaryPrimitives.WriteInt64LittleEndian(span[1..], Member);
        var at = Put(span, 9, Name);
        at = Put(span, at, Room);
        Put(span, at, Text);
        to.Advance(size);
    }

    private static int Put(Span<byte> span, int at, ReadOnlySpan<byte> part)
    {
        BinaryPrimitives.WriteUInt16LittleEndian(span[at..], checked((ushort)part.Length));
        part.CopyTo(span[(at + 2)..]);
        return at + 2 + part.Length;
    }

    /// <summary>Reads the entry at the start of <paramref name="data"/> and moves past it.</summary>
    public static Entry ReadFrom(ref ReadOnlySpan<byte> data)
    {
        var kind = (EntryKind)data[0];
        var member = BinaryPrimitives.ReadInt64LittleEndian(data[1..]);
        data = data[9..];
        var name = Part(ref data);
        var room = Part(ref data);
        var text = Part(ref data);
        return new Entry(kind, member, name, room, text);
    }

    private static ReadOnlySpan<byte> Part(ref ReadOnlySpan<byte> data)
    {
        int length = BinaryPrimitives.ReadUInt16LittleEndian(data);
        var part = data.Slice(2, length);
        data = data[(2 + length)..];
        return part;
    }
}
