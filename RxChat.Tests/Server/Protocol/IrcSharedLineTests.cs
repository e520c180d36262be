using System.Runtime.InteropServices;
using System.Text;
using RxChat.Server.Core;
using RxChat.Server.Delivery;
using RxChat.Server.Protocol;

namespace RxChat.Tests.Server.Protocol;

/// <summary>
/// A channel line is rendered once and its IRC bytes are made once per form (the capabilities
/// that change it), then shared: every member that took the same capabilities is sent the very
/// same bytes, its sender none, and a bigger room makes no more of them.
/// </summary>
public sealed class IrcSharedLineTests
{
    private static readonly Stamp Noon = new(7, new DateTimeOffset(2026, 11, 26, 12, 0, 5, 250, TimeSpan.Zero));
    private static readonly ConnectionId Amy = new("local", 1);
    private static readonly IrcCodec Codec = new(new TextCodec(TimeZoneInfo.Utc));

    private static readonly IrcCapabilities[] EveryCapabilitySet =
        [.. Enumerable.Range(0, 16).Select(bits => (IrcCapabilities)bits)];

    private readonly OutboundBuffer _buffer = new(long.MaxValue);

    /// <summary>A room of <paramref name="members"/> outboxes; the first is the sender, and amy's line is appended with it excepted.</summary>
    private List<Outbox> RoomHearing(OutboundLine line, int members)
    {
        var room = new OutboundStream(_buffer);
        var outboxes = new List<Outbox>(members);
        for (int i = 0; i < members; i++)
        {
            var outbox = new Outbox(long.MaxValue);
            outbox.Attach(_buffer);
            outbox.Follow(room);
            outboxes.Add(outbox);
        }
        room.Append(line, except: outboxes[0]);
        _buffer.Publish();
        return outboxes;
    }

    private static OutboundLine SaidByAmy(string text) =>
        Assert.Single(Codec.Render(new Said(Noon, Amy, "amy", "main", text), Audience.Others, ChatState.Empty));

    /// <summary>What one member is sent of the line: its bytes (the line end is added by the connection), or null for nothing.</summary>
    private static ReadOnlyMemory<byte>? Sent(Outbox outbox, IrcCapabilities caps)
    {
        ReadOnlyMemory<byte>? sent = null;
        int taken = 0;
        while (outbox.TryTake(out var line))
        {
            taken++;
            if (IrcOutput.Wire(line, caps, out var bytes)) sent = bytes;
        }
        if (taken > 1) Assert.Fail($"{taken} lines taken where one was appended");
        return sent;
    }

    private static byte[] ArrayOf(ReadOnlyMemory<byte> bytes)
    {
        Assert.True(MemoryMarshal.TryGetArray(bytes, out var segment));
        return segment.Array!;
    }

    [Fact]
    public void Two_members_that_took_the_same_capabilities_are_sent_the_same_bytes_and_the_sender_none()
    {
        var line = SaidByAmy("hi all");
        var room = RoomHearing(line, 5);

        Assert.Null(Sent(room[0], IrcCapabilities.ServerTime)); // no echo to the sender
        var plain1 = Sent(room[1], IrcCapabilities.None)!.Value;
        var plain2 = Sent(room[2], IrcCapabilities.MessageTags)!.Value; // message-tags alone changes nothing
        var timed1 = Sent(room[3], IrcCapabilities.ServerTime)!.Value;
        var timed2 = Sent(room[4], IrcCapabilities.ServerTime | IrcCapabilities.MessageTags)!.Value;

        Assert.Equal(":amy!amy@local PRIVMSG #main :hi all", Encoding.UTF8.GetString(plain1.Span));
        Assert.Equal("@time=2026-11-26T12:00:05.250Z :amy!amy@local PRIVMSG #main :hi all", Encoding.UTF8.GetString(timed1.Span));
        Assert.Same(ArrayOf(plain1), ArrayOf(plain2));
        Assert.Same(ArrayOf(timed1), ArrayOf(timed2));
        Assert.NotSame(ArrayOf(plain1), ArrayOf(timed1));
    }

    [Theory]
    [InlineData("@batch=h7;time=2026-01-02T03:04:05.000Z :amy!amy@local PRIVMSG #main :hi")]
    [InlineData("@time=2026-01-02T03:04:05.000Z :rxchat BATCH +h7 chathistory #main")]
    [InlineData("@time=2026-01-02T03:04:05.000Z :amy!amy@local PRIVMSG #main :zoë says 日本")]
    [InlineData(":rxchat 001 amy :Welcome")]
    public void The_shared_bytes_are_the_adapted_line_for_every_capability_set(string text)
    {
        var line = new OutboundLine(text);
        foreach (var caps in EveryCapabilitySet)
        {
            var expected = IrcOutput.Adapt(text, caps);
            bool sent = IrcOutput.Wire(line, caps, out var bytes);
            Assert.Equal(expected is not null, sent);
            if (expected is not null) Assert.Equal(Encoding.UTF8.GetBytes(expected), bytes.ToArray());
        }
    }

    [Fact]
    public void A_line_without_tags_is_sent_as_its_own_bytes()
    {
        var line = new OutboundLine(":rxchat 001 amy :Welcome");
        Assert.True(IrcOutput.Wire(line, IrcCapabilities.None, out var bytes));
        Assert.True(line.Payload.Equals(bytes));
    }

    [Theory]
    [InlineData(10)]
    [InlineData(500)]
    public void A_bigger_room_makes_no_more_forms_of_a_line(int members)
    {
        var line = SaidByAmy("how many times?");
        var room = RoomHearing(line, members + 1);

        var forms = new HashSet<byte[]>(ReferenceEqualityComparer.Instance);
        for (int i = 1; i <= members; i++) forms.Add(ArrayOf(Sent(room[i], EveryCapabilitySet[i % EveryCapabilitySet.Length])!.Value));

        Assert.Equal(IrcOutput.Forms, forms.Count);
    }

    [Fact]
    public void Members_past_the_first_of_each_form_are_sent_the_line_without_allocating_for_it()
    {
        const int members = 500;
        Sent(RoomHearing(SaidByAmy("warm up"), 2)[1], IrcCapabilities.None); // the path is compiled before it is weighed
        var room = RoomHearing(SaidByAmy("weighed"), members + 1);
        int first = EveryCapabilitySet.Length;
        for (int i = 1; i <= first; i++) Sent(room[i], EveryCapabilitySet[i % first]); // every form is made

        int sent = 0;
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = first + 1; i <= members; i++)
        {
            if (Sent(room[i], EveryCapabilitySet[i % first]) is { Length: > 0 }) sent++;
        }
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(members - first, sent);

        // Adapted per member, the line cost each of them several strings (hundreds of bytes);
        // shared, the members together allocate less than one small string each would.
        Assert.True(allocated < members * 8, $"{allocated} bytes allocated for {members} members");
    }
}
