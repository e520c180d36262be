using System.Buffers;
using System.Text.Json;

namespace RxChat.Load;

/// <summary>
/// The WebSocket member's reading glasses: a server object of the structured protocol
/// (PROTOCOL.md Part 4) turned into the line the text protocol (Part 1) would have sent for
/// the same event, so <see cref="Member"/>, <see cref="Wire"/> and <see cref="Handshake"/>
/// check WebSocket members exactly as they check TCP ones. Objects the text protocol has no
/// unasked line for (`room`, `topic`, `resumed`, replays of history, …) give no line.
/// Allocation-free for the objects a fan-out run is made of (`said` with unescaped text).
/// </summary>
public static class WsLines
{
    /// <summary>Writes the text line (no `\n`) for <paramref name="json"/> into
    /// <paramref name="line"/>; false when the object has no text-protocol line, or is not
    /// an object of Part 4 at all (then <paramref name="line"/> holds nothing).</summary>
    /// <param name="me">This member's username: its own `joined` is `You joined room …`.</param>
    public static bool TryTranslate(ReadOnlySpan<byte> json, ReadOnlySpan<byte> me, ArrayBufferWriter<byte> line)
    {
        line.ResetWrittenCount();
        ReadOnlySpan<byte> type = default, room = default, user = default, text = default, time = default;
        var replay = false;
        var reader = new Utf8JsonReader(json);
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return false;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.ValueSpan;
                if (!reader.Read()) return false;
                if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
                {
                    reader.Skip(); // `members`, `rooms`: not needed for a line
                    continue;
                }
                if (reader.TokenType == JsonTokenType.True && name.SequenceEqual("replay"u8)) { replay = true; continue; }
                if (reader.TokenType != JsonTokenType.String) continue;
                var value = reader.ValueIsEscaped ? Unescape(reader.GetString()) : reader.ValueSpan;
                if (name.SequenceEqual("type"u8)) type = value;
                else if (name.SequenceEqual("room"u8)) room = value;
                else if (name.SequenceEqual("user"u8)) user = value;
                else if (name.SequenceEqual("text"u8)) text = value;
                else if (name.SequenceEqual("time"u8)) time = value;
            }
        }
        catch (JsonException) { return false; }

        if (type.SequenceEqual("welcome"u8)) return Put(line, "Welcome to the chat server!"u8);
        if (type.SequenceEqual("reply"u8) || type.SequenceEqual("error"u8)) return Put(line, text);
        if (type.SequenceEqual("said"u8))
            return !replay && Stamp(line, time) && Put(line, user) && Put(line, ": "u8) && Put(line, text);
        if (type.SequenceEqual("joined"u8))
            return user.SequenceEqual(me)
                ? Put(line, "You joined room "u8) && Put(line, room)
                : Stamp(line, time) && Put(line, user) && Put(line, " joined the room"u8);
        if (type.SequenceEqual("left"u8))
            return Stamp(line, time) && Put(line, user) && Put(line, " left the room "u8) && Put(line, room);
        if (type.SequenceEqual("leader"u8))
            return Stamp(line, time) && Put(line, user) && Put(line, " is now the leader of "u8) && Put(line, room);
        return false;
    }

    /// <summary>`[HH:MM:SS] ` from the object's UTC `time` (`2026-11-26T12:34:56Z`).</summary>
    private static bool Stamp(ArrayBufferWriter<byte> line, ReadOnlySpan<byte> time) =>
        Put(line, "["u8) && Put(line, time.Length >= 19 ? time[11..19] : "00:00:00"u8) && Put(line, "] "u8);

    private static bool Put(ArrayBufferWriter<byte> line, ReadOnlySpan<byte> bytes)
    {
        line.Write(bytes);
        return true;
    }

    /// <summary>A string with JSON escapes (`\u003C`, `\"`): rare, so it may allocate.</summary>
    private static byte[] Unescape(string? value) => System.Text.Encoding.UTF8.GetBytes(value ?? "");

    /// <summary>The frame a client sends for one line it types: `login` for the first, `send` after (Part 4).</summary>
    public static byte[] Frame(string line, bool first)
    {
        var buffer = new ArrayBufferWriter<byte>(64 + line.Length);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("type"u8, first ? "login"u8 : "send"u8);
            writer.WriteString(first ? "username"u8 : "text"u8, line);
            writer.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }
}
