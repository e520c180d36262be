using System.Net.WebSockets;
using RxChat.Server.Transport;

namespace RxChat.Tests.Server.Transport;

/// <summary>
/// The text frames the write loop makes itself: byte-exact headers (RFC 6455 §5.2, unmasked,
/// FIN and the text opcode), read back whole and in order by a real client WebSocket, larger
/// than the held batch or not, and never after the WebSocket's close frame.
/// </summary>
public sealed class WebSocketTextFrameTests
{
    public static TheoryData<int, byte[]> Headers => new()
    {
        { 0, [0x81, 0] },
        { 125, [0x81, 125] },
        { 126, [0x81, 126, 0, 126] },
        { 65_535, [0x81, 126, 0xFF, 0xFF] },
        { 65_536, [0x81, 127, 0, 0, 0, 0, 0, 1, 0, 0] },
    };

    [Theory]
    [MemberData(nameof(Headers))]
    public void The_header_is_fin_text_unmasked_with_the_shortest_length_that_fits(int payloadLength, byte[] header)
    {
        var into = new byte[WebSocketTextFrame.MaxHeaderLength];
        int written = WebSocketTextFrame.WriteHeader(into, payloadLength);
        Assert.Equal(header, into[..written]);
        Assert.Equal(header.Length, WebSocketTextFrame.HeaderLength(payloadLength));
        Assert.Equal(header.Length + payloadLength, WebSocketTextFrame.Length(payloadLength));
    }

    [Fact]
    public async Task A_held_frame_is_its_header_then_its_payload_byte_for_byte()
    {
        var wire = new MemoryStream();
        var stream = new CoalescingStream(wire);
        stream.Hold();
        await stream.WriteTextFrameAsync("hi"u8.ToArray());
        await stream.WriteTextFrameAsync(Payload(200, 'x'));
        Assert.Equal(0, wire.Length); // held until the release
        await stream.ReleaseAsync();

        Assert.Equal([0x81, 2, .. "hi"u8.ToArray(), 0x81, 126, 0, 200, .. Payload(200, 'x')], wire.ToArray());
    }

    [Fact]
    public async Task A_client_websocket_reads_every_size_back_whole_in_order_held_or_not_and_larger_than_the_batch()
    {
        var sizes = new[] { 0, 1, 125, 126, 1_000, 65_535, 65_536, 200_000, 3 };
        var wire = new MemoryStream();
        var stream = new CoalescingStream(wire, capacity: 70_000);

        stream.Hold();
        foreach (var (size, i) in sizes.Select((size, i) => (size, i))) await stream.WriteTextFrameAsync(Payload(size, (char)('a' + i)));
        await stream.ReleaseAsync();
        await stream.WriteTextFrameAsync(Payload(126, 'z')); // outside a hold: straight through

        var client = WebSocket.CreateFromStream(new MemoryStream(wire.ToArray()), new WebSocketCreationOptions { IsServer = false });
        foreach (var (size, i) in sizes.Select((size, i) => (size, i)))
            Assert.Equal(Payload(size, (char)('a' + i)), await ReceiveTextAsync(client));
        Assert.Equal(Payload(126, 'z'), await ReceiveTextAsync(client));
    }

    [Fact]
    public async Task A_frame_larger_than_the_batch_sends_what_is_held_first_and_goes_whole_in_order()
    {
        var wire = new RecordingStream();
        var stream = new CoalescingStream(wire, capacity: 100);

        stream.Hold();
        await stream.WriteTextFrameAsync(Payload(50, 'a'));
        await stream.WriteTextFrameAsync(Payload(300, 'b')); // over the capacity: the held frame, then it on its own
        await stream.WriteTextFrameAsync(Payload(40, 'c'));
        await stream.WriteTextFrameAsync(Payload(60, 'd')); // 42 + 62 > 100: the held frame goes first
        await stream.ReleaseAsync();

        byte[] Frame(int size, char letter) => [.. Header(size), .. Payload(size, letter)];
        Assert.Equal([.. Frame(50, 'a'), .. Frame(300, 'b'), .. Frame(40, 'c'), .. Frame(60, 'd')], wire.Bytes);
        Assert.Equal(1, wire.Flushes); // all of it flushed once, at the release
    }

    [Fact]
    public async Task After_the_websockets_close_frame_no_frame_of_ours_is_written()
    {
        var wire = new MemoryStream();
        var stream = new CoalescingStream(wire);
        var server = WebSocket.CreateFromStream(stream, new WebSocketCreationOptions { IsServer = true });

        stream.Hold();
        await stream.WriteTextFrameAsync("before"u8.ToArray());
        await server.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "", CancellationToken.None); // its close, through the same stream
        await Assert.ThrowsAsync<WebSocketException>(async () => await stream.WriteTextFrameAsync("after"u8.ToArray()));
        await stream.ReleaseAsync();

        var client = WebSocket.CreateFromStream(new MemoryStream(wire.ToArray()), new WebSocketCreationOptions { IsServer = false });
        Assert.Equal("before"u8.ToArray(), await ReceiveTextAsync(client));
        var close = await client.ReceiveAsync(new byte[16], CancellationToken.None);
        Assert.Equal(WebSocketMessageType.Close, close.MessageType);
        Assert.Equal(WebSocketCloseStatus.NormalClosure, close.CloseStatus);
        Assert.Equal(2 + 6 + 4, wire.Length); // "before"'s frame and the close frame (its status), nothing after
    }

    private static byte[] Payload(int size, char letter) => Enumerable.Repeat((byte)letter, size).ToArray();

    private static byte[] Header(int size)
    {
        var header = new byte[WebSocketTextFrame.HeaderLength(size)];
        WebSocketTextFrame.WriteHeader(header, size);
        return header;
    }

    /// <summary>One whole message, which must be a text frame.</summary>
    private static async Task<byte[]> ReceiveTextAsync(WebSocket client)
    {
        var message = new MemoryStream();
        var buffer = new byte[8192];
        ValueWebSocketReceiveResult result;
        do
        {
            result = await client.ReceiveAsync(buffer.AsMemory(), CancellationToken.None);
            Assert.Equal(WebSocketMessageType.Text, result.MessageType);
            message.Write(buffer, 0, result.Count);
        } while (!result.EndOfMessage);
        return message.ToArray();
    }

    /// <summary>Records what is written and how often it is flushed.</summary>
    private sealed class RecordingStream : MemoryStream
    {
        public int Flushes { get; private set; }
        public byte[] Bytes => ToArray();
        public override Task FlushAsync(CancellationToken cancellationToken)
        {
            Flushes++;
            return Task.CompletedTask;
        }
        public override void Flush() => Flushes++;
    }
}
