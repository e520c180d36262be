using BenchmarkDotNet.Attributes;
using RxChat.Server.Core;
using RxChat.Server.Transport;

namespace RxChat.Micro;

/// <summary>
/// One broadcast to <see cref="Members"/> recipients whose write loops are alive and parked,
/// as in the server between lines: each recipient has a task awaiting its queue, which
/// wakes, drains into a batch (no socket) and parks again. The benchmark enqueues one
/// line to every queue and waits until every writer has drained it — so, unlike
/// <see cref="BroadcastBenchmarks"/>, it pays the wake-ups and the queue's lock handoffs
/// that dominate the fold thread in load test D (bench/README.md, observation 1).
/// </summary>
[MemoryDiagnoser]
public class LiveWritersBenchmarks
{
    private OutboundQueue[] _queues = [];
    private Task[] _writers = [];
    private Room _room = null!;
    private int _pending;
    private TaskCompletionSource _allDrained = new(TaskCreationOptions.RunContinuationsAsynchronously);

    [Params(50, 2000)]
    public int Members { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _room = Chats.With(Members).Rooms["room0"];
        _queues = new OutboundQueue[Members + 1];
        _writers = new Task[Members + 1];
        for (var i = 0; i < _queues.Length; i++)
        {
            var queue = _queues[i] = new OutboundQueue(1 << 20);
            _writers[i] = Task.Run(() => WriteLoopAsync(queue));
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        foreach (var q in _queues) q.Complete();
        Task.WaitAll(_writers);
    }

    [Benchmark]
    public async Task BroadcastToParkedWriters()
    {
        _allDrained = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Volatile.Write(ref _pending, Members - 1);
        var line = new OutboundLine(Replies.Chat(Chats.Noon, "user1", "hello everyone, this is a typical chat line"));
        foreach (var id in Recipients.RoomMembers(_room, new ConnectionId(1)))
            _queues[id.Sequence].TryEnqueue(line);
        await _allDrained.Task;
    }

    private async Task WriteLoopAsync(OutboundQueue queue)
    {
        var batch = new byte[16 * 1024];
        while (await queue.WaitAsync(CancellationToken.None))
        {
            var lines = 0;
            int used;
            while ((used = queue.DrainInto(batch, out _)) > 0) lines += CountLines(batch.AsSpan(0, used));
            if (lines > 0 && Interlocked.Add(ref _pending, -lines) == 0) _allDrained.TrySetResult();
        }
    }

    private static int CountLines(ReadOnlySpan<byte> bytes) => bytes.Count((byte)'\n');
}
