using RxChat.Server.Core;
using RxChat.Server.Protocol;

namespace RxChat.Tests.Server.Protocol;

/// <summary>What the users of a node declared lost are told, by either codec, before the connection closes.</summary>
public sealed class NodeLostRenderingTests
{
    private static readonly NodeLost Lost = new(new Stamp(7, new DateTimeOffset(2026, 12, 3, 12, 0, 0, TimeSpan.Zero)), "n1");
    private static readonly TextCodec Text = new(TimeZoneInfo.Utc);

    [Fact]
    public void The_text_protocol_says_the_server_was_cut_off_and_to_reconnect()
    {
        Assert.Equal(["This server was cut off from the chat: please reconnect and log in again"], Text.Render(Lost, Audience.Others));
    }

    [Fact]
    public void The_structured_protocol_says_it_as_a_fatal_error()
    {
        var lines = new JsonCodec(Text).Render(Lost, Audience.Others, ChatState.Empty).Select(line => line.Text);
        Assert.Equal(["""{"type":"error","text":"This server was cut off from the chat: please reconnect and log in again","fatal":true}"""], lines);
    }
}
