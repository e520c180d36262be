using System.Text;
using System.Text.Json;
using RxChat.Server.Core;
using RxChat.Server.Log;
using RxChat.Server.Protocol;
using RxChat.Tests.Server.Core;

namespace RxChat.Tests.Server.Log;

/// <summary>
/// The log, its snapshots and the WebSocket write text as UTF-8 bytes, not as <c>\uXXXX</c>
/// escapes; what older versions wrote with escapes still reads.
/// </summary>
public sealed class Utf8JsonTests
{
    [Fact]
    public void A_snapshot_of_50_lines_of_4000_angle_brackets_is_within_twice_the_texts_utf8_size()
    {
        var text = new string('<', 4000);
        var chat = new ChatDriver().Connect("amy").Join("amy", "main");
        for (int i = 0; i < 50; i++) chat.Say("amy", text);

        var snapshot = LogJson.Serialize(ChatSnapshot.Of(chat.State));

        long utf8 = 50L * Encoding.UTF8.GetByteCount(text);
        Assert.True(snapshot.Length <= 2 * utf8, $"{snapshot.Length:N0} bytes of snapshot for {utf8:N0} bytes of text (escaped, it was 1,208,732)");
        Assert.Equal(50, LogJson.DeserializeSnapshot(snapshot).ToState(ChatRules.Default).History.Rooms["main"].Count);
    }

    [Fact]
    public void A_log_entry_keeps_non_ascii_and_html_characters_as_their_bytes_and_escapes_what_json_needs()
    {
        var said = "<b>Zoë</b> & 日本 \"quoted\" back\\slash";
        var entry = new StoredEntry(ChatDriver.Noon, new ConnectionId("n", 1), new Say(said));

        var json = Encoding.UTF8.GetString(LogJson.Serialize(entry));

        Assert.Contains("<b>Zoë</b> & 日本 \\\"quoted\\\" back\\\\slash", json);
        Assert.DoesNotContain("\\u", json);
        Assert.Equal(entry, LogJson.DeserializeEntry(Encoding.UTF8.GetBytes(json)));
    }

    [Fact]
    public void A_log_entry_written_with_escapes_by_an_older_version_still_decodes()
    {
        // As the default encoder wrote it before: '<', '>', '&', '+' and every non-ASCII character escaped.
        var old = """{"time":"2026-11-23T12:34:56+00:00","from":{"node":"n","number":1},"command":{"$c":"say","text":"\u003Cb\u003EZo\u00EB\u003C/b\u003E \u0026 \u65E5\u672C \u002B1"}}""";
        var escaped = JsonSerializer.SerializeToUtf8Bytes(
            new StoredEntry(ChatDriver.Noon, new ConnectionId("n", 1), new Say("<b>Zoë</b> & 日本 +1")), LogJson.Default.StoredEntry);

        var fromOld = LogJson.DeserializeEntry(Encoding.UTF8.GetBytes(old));

        Assert.Contains("\\u003C", Encoding.UTF8.GetString(escaped)); // the old way, as the default context still writes
        Assert.Equal("<b>Zoë</b> & 日本 +1", Assert.IsType<Say>(fromOld.Command).Text);
        Assert.Equal(LogJson.DeserializeEntry(escaped), fromOld);
    }

    [Fact]
    public void A_snapshot_written_with_escapes_still_loads()
    {
        var chat = new ChatDriver().Connect("amy").Join("amy", "日本").Say("amy", "<ü>");
        var escaped = JsonSerializer.SerializeToUtf8Bytes(ChatSnapshot.Of(chat.State), LogJson.Default.ChatSnapshot);

        var state = LogJson.DeserializeSnapshot(escaped).ToState(ChatRules.Default);

        Assert.Contains("\\u65E5", Encoding.UTF8.GetString(escaped));
        Assert.Equal("<ü>", Assert.Single(state.History.Latest("日本", 5)).Text);
    }

    [Fact]
    public void The_websocket_says_chat_text_as_utf8()
    {
        var codec = new JsonCodec(new TextCodec(TimeZoneInfo.Utc));
        var said = new Said(new Stamp(3, ChatDriver.Noon), new ConnectionId("n", 1), "zoë", "日本", "<script>alert(1)</script> é");

        var line = Assert.Single(((IChatCodec)codec).Render(said, Audience.Others, ChatState.Create(ChatRules.Default)));

        Assert.Contains("\"text\":\"<script>alert(1)</script> é\"", line.Text);
        Assert.Contains("\"room\":\"日本\"", line.Text);
    }
}
