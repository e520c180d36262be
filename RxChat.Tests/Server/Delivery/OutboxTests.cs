using RxChat.Server.Delivery;
using RxChat.Server.Protocol;
using RxChat.Tests.Support;

namespace RxChat.Tests.Server.Delivery;

/// <summary>
/// The shared outbound buffer seen from one connection: its streams merged in the order the
/// fold appended them, nothing before a publish, a room left is heard no further, a room
/// joined is heard from the join on, and a sender's own line is skipped.
/// </summary>
public sealed class OutboxTests
{
    private readonly OutboundBuffer _buffer = new(long.MaxValue);

    private Outbox Attached(long maxBytes = long.MaxValue)
    {
        var outbox = new Outbox(maxBytes);
        outbox.Attach(_buffer);
        return outbox;
    }

    private static List<string> Read(Outbox outbox)
    {
        var lines = new List<string>();
        while (outbox.TryTake(out var line)) lines.Add(line.Text);
        return lines;
    }

    [Fact]
    public void A_connection_reads_its_own_lines_and_its_room_in_the_order_they_were_appended()
    {
        var room = new OutboundStream(_buffer);
        var amy = Attached();
        var bo = Attached();
        amy.Follow(room);
        bo.Follow(room);

        amy.Send(new OutboundLine("own 1"));
        room.Append(new OutboundLine("room 1"));
        amy.Send(new OutboundLine("own 2"));
        room.Append(new OutboundLine("bo says"), except: bo);
        _buffer.Publish();

        Assert.Equal(["own 1", "room 1", "own 2", "bo says"], Read(amy));
        Assert.Equal(["room 1"], Read(bo)); // no echo of its own line
    }

    [Fact]
    public void Nothing_is_read_before_the_fold_publishes()
    {
        var amy = Attached();
        amy.Send(new OutboundLine("hello"));
        Assert.Empty(Read(amy));
        _buffer.Publish();
        Assert.Equal(["hello"], Read(amy));
    }

    [Fact]
    public void A_room_left_is_heard_up_to_the_leaving_and_a_room_joined_from_the_joining()
    {
        var lobby = new OutboundStream(_buffer);
        var kitchen = new OutboundStream(_buffer);
        var stays = Attached();
        stays.Follow(lobby);
        var moves = Attached();
        var inLobby = moves.Follow(lobby);
        stays.Follow(kitchen); // keeps the kitchen's stream alive before moves arrives

        lobby.Append(new OutboundLine("lobby before"));
        kitchen.Append(new OutboundLine("kitchen before"));
        inLobby.Stream.Unfollow(inLobby);
        moves.Send(new OutboundLine("You joined room kitchen"));
        moves.Follow(kitchen);
        lobby.Append(new OutboundLine("lobby after"));
        kitchen.Append(new OutboundLine("kitchen after"));
        _buffer.Publish();

        Assert.Equal(["lobby before", "You joined room kitchen", "kitchen after"], Read(moves));
        Assert.Equal(0, moves.QueuedBytes);
    }

    [Fact]
    public async Task A_hung_up_connection_reads_what_was_appended_for_it_and_then_ends()
    {
        var room = new OutboundStream(_buffer);
        var amy = Attached();
        amy.Follow(room);
        room.Append(new OutboundLine("last words"));
        amy.Send(new OutboundLine("Goodbye"));
        amy.Complete();
        room.Append(new OutboundLine("too late"));
        _buffer.Publish();

        Assert.True(await amy.WaitAsync().AsTask().WaitAsync(LineClient.Patience));
        Assert.Equal(["last words", "Goodbye"], Read(amy));
        Assert.False(await amy.WaitAsync().AsTask().WaitAsync(LineClient.Patience)); // everything sent: the writer stops
    }

    [Fact]
    public void A_writer_drains_many_lines_into_one_batch_and_carries_what_does_not_fit()
    {
        var amy = Attached();
        for (int i = 0; i < 5; i++) amy.Send(new OutboundLine(new string((char)('a' + i), 9))); // 10 bytes each
        _buffer.Publish();

        var batch = new byte[25];
        Assert.Equal(20, amy.DrainInto(batch, out var large));
        Assert.Null(large);
        Assert.Equal("aaaaaaaaa\nbbbbbbbbb\n", System.Text.Encoding.UTF8.GetString(batch, 0, 20));
        Assert.Equal(20, amy.DrainInto(batch, out _));
        Assert.Equal(10, amy.DrainInto(batch, out _));
        Assert.Equal(0, amy.DrainInto(batch, out _));
    }

    [Fact]
    public void The_lines_a_room_holds_are_let_go_once_its_last_reader_has_passed_them()
    {
        var room = new OutboundStream(_buffer);
        var fast = Attached();
        var slow = Attached();
        fast.Follow(room);
        slow.Follow(room);
        var line = new OutboundLine(new string('x', 1023)); // 1 KiB
        for (int i = 0; i < 64; i++) room.Append(line);
        _buffer.Publish();
        Read(fast);

        Assert.Equal(64 * 1024, _buffer.HeldBytes); // held once, for the slow reader, not once per reader
        Assert.Equal(64 * 1024, slow.QueuedBytes);
        Assert.Equal(0, fast.QueuedBytes);

        Read(slow);
        Assert.InRange(_buffer.HeldBytes, 0, OutboundStream.SegmentBytes + 1024); // the segment both readers are still in

        slow.Close();
        fast.Close();
        Assert.Equal(0, _buffer.HeldBytes);
    }

    [Fact]
    public void A_segment_let_go_no_longer_links_to_the_lines_after_it()
    {
        // What the GC sees: a released segment already promoted to an older generation is a
        // root for young collections until that generation is collected; linked on, it would
        // keep every later segment, and so every later line, alive.
        var room = new OutboundStream(_buffer);
        var reader = Attached();
        var cursor = reader.Follow(room);
        var first = cursor.Segment;
        var line = new OutboundLine(new string('x', 1023)); // 1 KiB: 16 to a segment
        for (int i = 0; i < 64; i++) room.Append(line);
        _buffer.Publish();

        Assert.Equal(64, Read(reader).Count);
        Assert.True(first.Released);
        Assert.Null(first.Next);
        Assert.NotSame(first, cursor.Segment); // the reader went on through the links before they were cut
    }
}
