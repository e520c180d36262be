using BenchmarkDotNet.Attributes;
using RxChat.Server.Core;
using RxChat.Server.Transport;

namespace RxChat.Micro;

/// <summary>
/// One chat line to a room of <see cref="Members"/>: render it once (text and UTF-8
/// bytes), walk the recipients <c>Diff</c> described, and put the shared line on each
/// recipient's bounded outbound queue — the work the pipeline does per broadcast, minus
/// the sockets. <see cref="Drain"/> is the writer's side: one batch per recipient.
/// </summary>
[MemoryDiagnoser]
public class BroadcastBenchmarks
{
    private ChatState _state = ChatState.Empty;
    private Room _room = null!;
    private OutboundQueue[] _queues = [];
    private readonly byte[] _batch = new byte[16 * 1024];

    [Params(50, 2000)]
    public int Members { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _state = Chats.With(Members);
        _room = _state.Rooms["room0"];
        _queues = new OutboundQueue[Members + 1];
        for (var i = 0; i < _queues.Length; i++) _queues[i] = new OutboundQueue(1 << 20);
    }

    [Benchmark]
    public OutboundLine Render() => new(Replies.Chat(Chats.Noon, "user7", "hello everyone, this is a typical chat line"));

    [Benchmark]
    public int EnumerateRecipients()
    {
        var n = 0;
        foreach (var id in Recipients.RoomMembers(_room, new ConnectionId(1))) n += (int)id.Sequence;
        return n;
    }

    [Benchmark(Baseline = true)]
    public int RenderAndEnqueue()
    {
        var line = new OutboundLine(Replies.Chat(Chats.Noon, "user7", "hello everyone, this is a typical chat line"));
        var n = 0;
        foreach (var id in Recipients.RoomMembers(_room, new ConnectionId(1)))
            if (_queues[id.Sequence].TryEnqueue(line)) n++;
        Drain();
        return n;
    }

    /// <summary>Empties every queue as the write loops would (part of <see cref="RenderAndEnqueue"/>).</summary>
    private void Drain()
    {
        foreach (var q in _queues) q.DrainInto(_batch, out _);
    }
}
