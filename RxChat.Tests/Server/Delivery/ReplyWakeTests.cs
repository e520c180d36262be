using System.Collections.Concurrent;
using RxChat.Server.Delivery;
using RxChat.Server.Protocol;
using RxChat.Tests.Support;

namespace RxChat.Tests.Server.Delivery;

/// <summary>
/// A writer is told whether it is woken for a reply of its own: such a wake comes even when
/// it was rung already, so its send loop can let it go ahead of a storm of deliveries.
/// </summary>
public sealed class ReplyWakeTests
{
    private readonly OutboundBuffer _buffer = new(long.MaxValue);
    private readonly BlockingCollection<bool> _wakes = [];

    private Outbox Attached()
    {
        var outbox = new Outbox(long.MaxValue) { Wake = reply => _wakes.Add(reply) };
        outbox.Attach(_buffer);
        return outbox;
    }

    private bool NextWake()
    {
        Assert.True(_wakes.TryTake(out var reply, LineClient.Patience), "no wake came");
        return reply;
    }

    [Fact]
    public void A_reply_wakes_as_a_reply_even_when_the_writer_was_rung_already_for_its_room()
    {
        var room = new OutboundStream(_buffer);
        var amy = Attached();
        amy.Follow(room);

        room.Append(new OutboundLine("bo: hi"));
        _buffer.Publish();
        Assert.False(NextWake()); // its room's line: an ordinary wake

        amy.Send(new OutboundLine("Users: amy, bo")); // not yet answered: it is still rung
        _buffer.Publish();
        Assert.True(NextWake()); // a reply of its own: woken again, as a reply

        amy.Answer(); // the writer drains
        amy.Send(new OutboundLine("You joined room lobby"));
        _buffer.Publish();
        Assert.True(NextWake());
    }
}
