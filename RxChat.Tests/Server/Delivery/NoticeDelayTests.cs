using RxChat.Server.Delivery;
using RxChat.Server.Protocol;
using RxChat.Tests.Support;

namespace RxChat.Tests.Server.Delivery;

/// <summary>
/// Notices (joins, leaves, leaders) may wait for the next prompt line before their readers
/// are woken; a prompt line wakes them at once and carries the notices before it, in order.
/// </summary>
public sealed class NoticeDelayTests
{
    private sealed class Reader
    {
        private readonly TaskCompletionSource _rung = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Reader(OutboundBuffer buffer, OutboundStream room)
        {
            Outbox = new Outbox(long.MaxValue)
            {
                Wake = _ =>
                {
                    Rung = true;
                    _rung.TrySetResult();
                },
            };
            Outbox.Attach(buffer);
            Outbox.Follow(room);
        }

        public Outbox Outbox { get; }
        public bool Rung { get; private set; }
        public Task RungTask => _rung.Task;

        public List<string> Read()
        {
            var lines = new List<string>();
            while (Outbox.TryTake(out var line)) lines.Add(line.Text);
            return lines;
        }
    }

    [Fact]
    public async Task Notices_alone_wake_nobody_until_a_prompt_line_carries_them_along_in_order()
    {
        var buffer = new OutboundBuffer(long.MaxValue, noticeDelay: Timeout.InfiniteTimeSpan);
        var room = new OutboundStream(buffer);
        var amy = new Reader(buffer, room);

        room.Append(new OutboundLine("bo joined"), notice: true);
        room.Append(new OutboundLine("cy joined"), notice: true);
        buffer.Publish();
        Assert.False(amy.Rung); // the delay never ends here: only a prompt line can wake amy

        room.Append(new OutboundLine("bo: hi"));
        buffer.Publish();
        await amy.RungTask.WaitAsync(LineClient.Patience);
        Assert.Equal(["bo joined", "cy joined", "bo: hi"], amy.Read());
    }

    [Fact]
    public async Task A_notice_with_nothing_after_it_wakes_its_readers_once_the_delay_is_up()
    {
        var buffer = new OutboundBuffer(long.MaxValue, noticeDelay: TimeSpan.FromMilliseconds(20));
        var room = new OutboundStream(buffer);
        var amy = new Reader(buffer, room);

        room.Append(new OutboundLine("bo left"), notice: true);
        buffer.Publish();
        await amy.RungTask.WaitAsync(LineClient.Patience);
        Assert.Equal(["bo left"], amy.Read());
    }

    [Fact]
    public async Task A_follower_that_stops_following_is_woken_at_once_to_finish()
    {
        var buffer = new OutboundBuffer(long.MaxValue, noticeDelay: Timeout.InfiniteTimeSpan);
        var room = new OutboundStream(buffer);
        var amy = new Reader(buffer, room);

        room.Append(new OutboundLine("bo joined"), notice: true);
        amy.Outbox.Complete(); // hung up: its writer must finish without waiting for a prompt line
        buffer.Publish();
        await amy.RungTask.WaitAsync(LineClient.Patience);
        Assert.Equal(["bo joined"], amy.Read());
        Assert.True(amy.Outbox.IsDone);
    }
}
