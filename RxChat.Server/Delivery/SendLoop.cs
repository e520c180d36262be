using System.Collections.Concurrent;

namespace RxChat.Server.Delivery;

/// <summary>
/// A thread that writes for many plain TCP connections (<see cref="SocketWriter"/>): each
/// connection that is rung is put in line, and the loop takes them in turn, copying what
/// each has waiting into one batch and handing it to the socket without waiting.
/// <para>
/// Why a thread of its own rather than a task per connection on the thread pool: a task per
/// connection pays a pool hand-off, an async wait and a wake-up for every batch it sends,
/// and its wake-ups queue in the pool's one line behind — and ahead of — the reads of every
/// connection, so a storm of deliveries to thousands made a newcomer's login wait behind
/// them (bench/README.md, the leave storm). Here the reads keep the pool, the writes have
/// their loop, and a connection rung again while it waits its turn is sent everything at
/// once when its turn comes: the busier the loop, the more lines each send carries.
/// </para>
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "The send loops live as long as the process: their bells are never done with")]
internal sealed class SendLoop
{
    /// <summary>The most bytes one connection is sent per turn, so one with a long backlog does not hold up the rest.</summary>
    public const int BytesPerTurn = 64 * 1024;

    private static readonly Lazy<SendLoop[]> Loops = new(() =>
        [.. Enumerable.Range(0, Math.Clamp(Environment.ProcessorCount / 2, 1, 4)).Select(i => new SendLoop($"rxchat-send-{i}"))]);

    private readonly ConcurrentQueue<SocketWriter> _ready = new();
    private readonly ConcurrentQueue<SocketWriter> _replying = new(); // writers with a reply of their own: their turn comes first
    // No spinning while idle: on a small machine the cores a spin would burn are the ones
    // the readers, the fold and the peers need.
    private readonly ManualResetEventSlim _bell = new(false, spinCount: 0);
    private readonly byte[] _batch = new byte[Outbox.BatchBytes];
    private int _sleeping;

    private SendLoop(string name) => new Thread(Run) { Name = name, IsBackground = true }.Start();

    /// <summary>The loop that writes for connection number <paramref name="number"/>.</summary>
    public static SendLoop For(long number)
    {
        var loops = Loops.Value;
        return loops[(int)((ulong)number % (ulong)loops.Length)];
    }

    /// <summary>
    /// Any thread: <paramref name="writer"/> has something to do; it gets its turn. One with a
    /// <paramref name="reply"/> of its own (a newcomer's welcome, an answer to /users) goes
    /// before the writers rung for lines to many: a storm of deliveries rings thousands at
    /// once, and a reply waited behind all of them (0.15 s in a leave storm of 9,900).
    /// </summary>
    public void Ready(SocketWriter writer, bool reply = false)
    {
        (reply ? _replying : _ready).Enqueue(writer);
        if (Volatile.Read(ref _sleeping) == 1 && Interlocked.Exchange(ref _sleeping, 0) == 1) _bell.Set();
    }

    private void Run()
    {
        while (true)
        {
            while (_replying.TryDequeue(out var writer) || _ready.TryDequeue(out writer))
            {
                try { writer.Write(_batch); }
                catch (Exception ex) { writer.Fail(ex); } // a fault ends that one connection, never the loop
            }
            _bell.Reset();
            // A writer put in line between the last look and the flag would find nobody to
            // ring: look once more before sleeping. The exchange is a full fence, so that look
            // cannot happen before the flag is seen (Ready's enqueue is one too, on its side).
            Interlocked.Exchange(ref _sleeping, 1);
            if (!_ready.IsEmpty || !_replying.IsEmpty)
            {
                Volatile.Write(ref _sleeping, 0);
                continue;
            }
            _bell.Wait();
        }
    }
}
