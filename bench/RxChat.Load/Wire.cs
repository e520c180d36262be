using System.Buffers.Text;

namespace RxChat.Load;

/// <summary>What a received line turned out to be. A <see cref="Reply"/> is a line meant for
/// this client alone, with no timestamp (e.g. flood control's "Slow down");
/// <see cref="HistoryStart"/> and <see cref="HistoryEnd"/> frame the earlier chat lines a
/// joiner is sent (PROTOCOL.md Part 3): the lines between them are replays, not measured.</summary>
public enum LineKind { Chat, Notice, Reply, Malformed, HistoryStart, HistoryEnd }

/// <summary>
/// Reading and writing the lines on the wire, on bytes, without allocating per line.
/// A measured message's text is `{sender}#{seq}@{timestamp}`: the global sender index, its
/// 1-based sequence number and <see cref="System.Diagnostics.Stopwatch"/> ticks when it was
/// sent. Sender and receivers live in this one process, so they share that clock.
/// </summary>
public static class Wire
{
    public static ReadOnlySpan<byte> Sync => "sync"u8;

    public static byte[] Payload(int sender, int seq, long ticks) =>
        System.Text.Encoding.ASCII.GetBytes($"{sender}#{seq}@{ticks}\n");

    public static bool TryParsePayload(ReadOnlySpan<byte> text, out int sender, out int seq, out long ticks)
    {
        seq = 0; ticks = 0;
        if (!Utf8Parser.TryParse(text, out sender, out var used) || used == text.Length || text[used] != '#')
            return false;
        text = text[(used + 1)..];
        if (!Utf8Parser.TryParse(text, out seq, out used) || used == text.Length || text[used] != '@')
            return false;
        text = text[(used + 1)..];
        return Utf8Parser.TryParse(text, out ticks, out used) && used == text.Length;
    }

    /// <summary>
    /// Classifies an RxChat broadcast line. A chat line is `[HH:MM:SS] {user}: {text}`
    /// (PROTOCOL.md, Chat); `[HH:MM:SS] {user} joined the room` and
    /// `[HH:MM:SS] {user} left the room {room}` are notices; a line without the `[` is a
    /// reply to this client, except `--- N earlier message(s) in {room} ---` and
    /// `--- end of history ---`, the history frame; `[HH:MM:SS] {user} is now the leader of
    /// {room}` (PROTOCOL.md Part 3) is a notice too. Anything else, including a broadcast cut short or two lines
    /// run together, is malformed. The load tool's usernames have no
    /// spaces, which makes the split unambiguous.
    /// </summary>
    public static LineKind Classify(ReadOnlySpan<byte> line, out ReadOnlySpan<byte> user, out ReadOnlySpan<byte> text)
    {
        user = default; text = default;
        if (line.Length > 0 && line[0] != '[')
        {
            if (line.SequenceEqual("--- end of history ---"u8)) return LineKind.HistoryEnd;
            return line.StartsWith("--- "u8) && line.EndsWith(" ---"u8) && line.IndexOf(" earlier message"u8) > 0
                ? LineKind.HistoryStart
                : LineKind.Reply;
        }
        if (line.Length < 12 || line[0] != '[' || line[3] != ':' || line[6] != ':' || line[9] != ']' || line[10] != ' '
            || !Digits(line[1..3]) || !Digits(line[4..6]) || !Digits(line[7..9]))
            return LineKind.Malformed;
        var rest = line[11..];
        var space = rest.IndexOf((byte)' ');
        if (space <= 0) return LineKind.Malformed;
        if (rest[space - 1] == ':')
        {
            user = rest[..(space - 1)];
            text = rest[(space + 1)..];
            return user.Length > 0 ? LineKind.Chat : LineKind.Malformed;
        }
        user = rest[..space];
        var tail = rest[space..];
        return tail.SequenceEqual(" joined the room"u8) || tail.StartsWith(" left the room "u8)
               || tail.StartsWith(" is now the leader of "u8)
            ? LineKind.Notice
            : LineKind.Malformed;
    }

    private static bool Digits(ReadOnlySpan<byte> two) => char.IsAsciiDigit((char)two[0]) && char.IsAsciiDigit((char)two[1]);
}
