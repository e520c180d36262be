using System.Buffers;
using System.Text;
using RxChat.Load;

namespace RxChat.Tests.Bench;

/// <summary>
/// The load tool's IRC member reads PROTOCOL.md Part 5's lines as the text lines its checks
/// expect: a measured PRIVMSG stays a measured chat line from the same sender.
/// </summary>
public sealed class IrcLinesTests
{
    private static readonly byte[] Me = "r0m7"u8.ToArray();

    private static (IrcLines.Kind Kind, string Line) Translate(string irc)
    {
        var line = new ArrayBufferWriter<byte>();
        var kind = IrcLines.Translate(Encoding.UTF8.GetBytes(irc), Me, line);
        return (kind, Encoding.UTF8.GetString(line.WrittenSpan));
    }

    [Fact]
    public void A_privmsg_to_the_room_is_a_stamped_chat_line_whose_payload_parses()
    {
        var (kind, line) = Translate(":r0m42!r0m42@node PRIVMSG #room0 :3#17@123456789");

        Assert.Equal(IrcLines.Kind.Line, kind);
        Assert.Equal(LineKind.Chat, Wire.Classify(Encoding.UTF8.GetBytes(line), out var user, out var text));
        Assert.Equal("r0m42", Encoding.UTF8.GetString(user));
        Assert.True(Wire.TryParsePayload(text, out var sender, out var seq, out var ticks));
        Assert.Equal((3, 17, 123456789L), (sender, seq, ticks));
    }

    [Fact]
    public void Tags_are_skipped()
    {
        Assert.Equal("[00:00:00] bob: hi", Translate("@time=2026-12-06T10:00:00.000Z :bob!bob@node PRIVMSG #main :hi").Line);
    }

    [Fact]
    public void Welcome_joins_and_leaves_read_as_their_text_lines()
    {
        Assert.Equal("Welcome to the chat server!", Translate(":rxchat 001 r0m7 :Welcome to the chat server!").Line);
        Assert.Equal("You joined room room0", Translate(":r0m7!r0m7@node JOIN #room0").Line);
        Assert.Equal("[00:00:00] r0m8 joined the room", Translate(":r0m8!r0m8@node JOIN :#room0").Line);
        var left = Translate(":r0m8!r0m8@node PART #room0").Line;
        Assert.Equal("[00:00:00] r0m8 left the room room0", left);
        Assert.Equal(LineKind.Notice, Wire.Classify(Encoding.UTF8.GetBytes(left), out _, out _));
        Assert.Equal("Slow down", Translate(":rxchat NOTICE r0m7 :Slow down").Line);
    }

    [Fact]
    public void A_ping_is_reported_and_numerics_give_no_line()
    {
        Assert.Equal(IrcLines.Kind.Ping, Translate("PING :rxchat").Kind);
        Assert.Equal(IrcLines.Kind.None, Translate(":rxchat 353 r0m7 = #room0 :@r0m0 r0m7").Kind);
        Assert.Equal(IrcLines.Kind.None, Translate(":rxchat 366 r0m7 #room0 :End of /NAMES list").Kind);
    }

    [Fact]
    public void What_it_sends_registers_joins_and_speaks_to_its_room()
    {
        Assert.Equal("NICK r0m7\r\nUSER r0m7 0 * :r0m7\r\n", IrcLines.Outgoing("r0m7", first: true, room: null));
        Assert.Equal("JOIN #room0\r\n", IrcLines.Outgoing("/join room0", first: false, room: null));
        Assert.Equal("PRIVMSG #room0 :sync\r\n", IrcLines.Outgoing("sync", first: false, room: "room0"));
    }
}
