using System.Buffers;
using System.Text;
using RxChat.Load;
using RxChat.Server.Protocol;

namespace RxChat.Tests.Bench;

/// <summary>
/// The load tool's WebSocket member reads the server's JSON objects (as the server's own
/// serializer writes them) as the text protocol's lines, which its checks then classify as
/// they would a TCP member's: a measured chat line stays a measured chat line.
/// </summary>
public sealed class WsLinesTests
{
    private static readonly byte[] Me = "r0m7"u8.ToArray();
    private const string Time = "2026-12-06T10:41:07Z";

    private static string? Translate(ServerMessage message)
    {
        var line = new ArrayBufferWriter<byte>();
        return WsLines.TryTranslate(Encoding.UTF8.GetBytes(WireJson.Serialize(message)), Me, line)
            ? Encoding.UTF8.GetString(line.WrittenSpan)
            : null;
    }

    [Fact]
    public void A_said_object_is_the_stamped_chat_line_and_its_payload_parses()
    {
        var line = Translate(new ServerMessage("said") { Room = "room0", User = "r0m42", Text = "3#17@123456789", Seq = 99, Time = Time });

        Assert.Equal("[10:41:07] r0m42: 3#17@123456789", line);
        var bytes = Encoding.UTF8.GetBytes(line!);
        Assert.Equal(LineKind.Chat, Wire.Classify(bytes, out var user, out var text));
        Assert.Equal("r0m42", Encoding.UTF8.GetString(user));
        Assert.True(Wire.TryParsePayload(text, out var sender, out var seq, out var ticks));
        Assert.Equal((3, 17, 123456789L), (sender, seq, ticks));
    }

    [Fact]
    public void Escaped_text_is_unescaped()
    {
        Assert.Equal("[10:41:07] bob: <a> \"b\" 語", Translate(new ServerMessage("said") { Room = "main", User = "bob", Text = "<a> \"b\" 語", Seq = 1, Time = Time }));
    }

    [Fact]
    public void Its_own_join_is_the_join_reply_and_anyone_elses_a_notice()
    {
        Assert.Equal("You joined room room0", Translate(new ServerMessage("joined") { Room = "room0", User = "r0m7", Seq = 5, Time = Time }));
        var other = Translate(new ServerMessage("joined") { Room = "room0", User = "r0m8", Seq = 6, Time = Time });
        Assert.Equal("[10:41:07] r0m8 joined the room", other);
        Assert.Equal(LineKind.Notice, Wire.Classify(Encoding.UTF8.GetBytes(other!), out _, out _));
    }

    [Fact]
    public void Welcome_replies_leaves_and_leaders_read_as_their_text_lines()
    {
        Assert.Equal("Welcome to the chat server!", Translate(new ServerMessage("welcome") { Username = "r0m7" }));
        Assert.Equal("Slow down", Translate(new ServerMessage("reply") { Text = "Slow down" }));
        Assert.Equal("[10:41:07] bob left the room main", Translate(new ServerMessage("left") { Room = "main", User = "bob", Seq = 2, Time = Time }));
        Assert.Equal("[10:41:07] ann is now the leader of main", Translate(new ServerMessage("leader") { Room = "main", User = "ann", Seq = 3, Time = Time }));
    }

    [Fact]
    public void Objects_without_an_unasked_text_line_give_none()
    {
        Assert.Null(Translate(new ServerMessage("room") { Room = "main", Members = ["ann", "bob"], Leader = "ann", Seq = 4 }));
        Assert.Null(Translate(new ServerMessage("said") { Room = "main", User = "bob", Text = "old", Seq = 1, Time = Time, Replay = true }));
        Assert.False(WsLines.TryTranslate("not json"u8, Me, new ArrayBufferWriter<byte>()));
    }

    [Fact]
    public void The_frames_it_sends_are_what_the_server_parses_as_login_and_send()
    {
        var login = WireJson.TryParse(Encoding.UTF8.GetString(WsLines.Frame("r0m7", first: true)));
        var send = WireJson.TryParse(Encoding.UTF8.GetString(WsLines.Frame("3#1@5", first: false)));

        Assert.Equal(("login", "r0m7"), (login!.Type, login.Username));
        Assert.Equal(("send", "3#1@5"), (send!.Type, send.Text));
    }
}
