using System.Buffers;

namespace RxChat.Load;

/// <summary>
/// The IRC member's reading glasses: a line of PROTOCOL.md Part 5 turned into the line the
/// text protocol (Part 1) would have sent for the same event, so the run's checks read an
/// IRC member as a TCP one. `001` is the welcome, your own `JOIN` the join reply, others'
/// `JOIN`, `PART`, `QUIT` and `PRIVMSG #room` the stamped notices and chat lines (stamped
/// `[00:00:00]`: without `server-time` IRC carries no time, and the checks read only the
/// shape), a `NOTICE` the reply it carries. Numerics and the rest give no line.
/// </summary>
public static class IrcLines
{
    /// <summary>What an IRC line was: a text line (in <c>line</c>), a `PING` to answer, or nothing.</summary>
    public enum Kind { None, Line, Ping }

    public static Kind Translate(ReadOnlySpan<byte> irc, ReadOnlySpan<byte> me, ArrayBufferWriter<byte> line)
    {
        line.ResetWrittenCount();
        if (irc.Length > 0 && irc[0] == '@') irc = After(irc, (byte)' '); // IRCv3 tags
        if (irc.StartsWith("PING"u8)) return Kind.Ping;
        ReadOnlySpan<byte> nick = default;
        if (irc.Length > 0 && irc[0] == ':')
        {
            var source = Word(irc[1..]);
            var bang = source.IndexOf((byte)'!');
            nick = bang >= 0 ? source[..bang] : source;
            irc = After(irc, (byte)' ');
        }
        var command = Word(irc);
        var rest = After(irc, (byte)' ');
        if (command.SequenceEqual("001"u8)) return Put(line, "Welcome to the chat server!"u8);
        if (command.SequenceEqual("PRIVMSG"u8) && rest.Length > 0 && rest[0] == '#')
            return Put(line, "[00:00:00] "u8, nick, ": "u8, Trailing(rest));
        if (command.SequenceEqual("JOIN"u8))
        {
            var room = Channel(rest);
            return nick.SequenceEqual(me)
                ? Put(line, "You joined room "u8, room)
                : Put(line, "[00:00:00] "u8, nick, " joined the room"u8);
        }
        if (command.SequenceEqual("PART"u8) && !nick.SequenceEqual(me))
            return Put(line, "[00:00:00] "u8, nick, " left the room "u8, Channel(rest));
        if (command.SequenceEqual("QUIT"u8)) return Put(line, "[00:00:00] "u8, nick, " left the room ?"u8);
        if (command.SequenceEqual("NOTICE"u8) && !nick.SequenceEqual("rxchat"u8)) return Kind.None; // a user's NOTICE
        if (command.SequenceEqual("NOTICE"u8)) return Put(line, Trailing(rest));
        return Kind.None;
    }

    /// <summary>The IRC lines a client sends for a line the text protocol's user types in <paramref name="room"/>.</summary>
    public static string Outgoing(string line, bool first, string? room) =>
        first ? $"NICK {line}\r\nUSER {line} 0 * :{line}\r\n"
        : line.StartsWith("/join ", StringComparison.Ordinal) ? $"JOIN #{line[6..].Trim()}\r\n"
        : $"PRIVMSG #{room} :{line}\r\n";

    private static ReadOnlySpan<byte> Word(ReadOnlySpan<byte> s)
    {
        var space = s.IndexOf((byte)' ');
        return space < 0 ? s : s[..space];
    }

    private static ReadOnlySpan<byte> After(ReadOnlySpan<byte> s, byte separator)
    {
        var at = s.IndexOf(separator);
        return at < 0 ? default : s[(at + 1)..];
    }

    /// <summary>The last parameter: after ` :`, or the last word.</summary>
    private static ReadOnlySpan<byte> Trailing(ReadOnlySpan<byte> parameters)
    {
        if (parameters.Length > 0 && parameters[0] == ':') return parameters[1..];
        var at = parameters.IndexOf(" :"u8);
        return at >= 0 ? parameters[(at + 2)..] : parameters[(parameters.LastIndexOf((byte)' ') + 1)..];
    }

    /// <summary>`#room` (or `:#room`) without its `#`.</summary>
    private static ReadOnlySpan<byte> Channel(ReadOnlySpan<byte> parameters)
    {
        var channel = Word(parameters.Length > 0 && parameters[0] == ':' ? parameters[1..] : parameters);
        return channel.Length > 0 && channel[0] == '#' ? channel[1..] : channel;
    }

    private static Kind Put(ArrayBufferWriter<byte> line, ReadOnlySpan<byte> a, ReadOnlySpan<byte> b = default,
        ReadOnlySpan<byte> c = default, ReadOnlySpan<byte> d = default)
    {
        line.Write(a);
        line.Write(b);
        line.Write(c);
        line.Write(d);
        return Kind.Line;
    }
}
