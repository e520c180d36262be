using System.Diagnostics;

namespace RxChat.Load;

/// <summary>
/// A member that also sends. The server does not echo a sender's own lines, so it cannot
/// pace itself on its own receipts; instead the room's witness acknowledges each message it
/// receives (<see cref="Acknowledge"/>) and the sender keeps at most W unacknowledged. Each
/// member gets one sender's lines in order, so "the witness has it" is a sound, per-room
/// measure of "in flight"; receivers slower than the witness show up as latency.
/// </summary>
/// <param name="window">W, the messages a sender may have in flight; 0 for a sender that
/// keeps a fixed rate instead and ignores acknowledgements.</param>
public sealed class Sender(int globalIndex, int room, string name, int window)
{
    private readonly SemaphoreSlim? _window = window > 0 ? new(window, window) : null;

    public int GlobalIndex { get; } = globalIndex;
    public int Room { get; } = room;
    public byte[] NameBytes { get; } = System.Text.Encoding.UTF8.GetBytes(name);
    public Member? Member { get; set; }
    public int Sent => Volatile.Read(ref _sent);
    private int _sent;

    public void Acknowledge() => _window?.Release();

    /// <summary>Unthrottled: send the next message as soon as the window has room.</summary>
    public async Task SendWindowedAsync(int messages, CancellationToken ct)
    {
        for (var seq = 1; seq <= messages; seq++)
        {
            await _window!.WaitAsync(ct);
            await SendOneAsync(seq, ct);
        }
    }

    /// <summary>At a fixed rate, on a schedule that does not drift: message i leaves at
    /// start + i/rate (or at once, if sending fell behind). No window.</summary>
    public async Task SendAtRateAsync(int messages, double perSecond, TimeSpan phase, CancellationToken ct)
    {
        var start = Stopwatch.GetTimestamp() + (long)(phase.TotalSeconds * Stopwatch.Frequency);
        for (var seq = 1; seq <= messages; seq++)
        {
            var due = start + (long)((seq - 1) / perSecond * Stopwatch.Frequency);
            var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
            if (wait > TimeSpan.Zero) await Task.Delay(wait, ct);
            await SendOneAsync(seq, ct);
        }
    }

    private async Task SendOneAsync(int seq, CancellationToken ct)
    {
        var bytes = Wire.Payload(GlobalIndex, seq, Stopwatch.GetTimestamp());
        await Member!.Connection.SendMessageAsync(bytes, ct);
        Interlocked.Increment(ref _sent);
    }
}
