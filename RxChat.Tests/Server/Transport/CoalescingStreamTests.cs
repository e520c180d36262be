using RxChat.Server.Transport;

namespace RxChat.Tests.Server.Transport;

/// <summary>
/// A WebSocket's stream holds the frames of one wake-up and sends them as one write; outside
/// a hold it passes writes straight through; it never reorders bytes nor splits a frame.
/// </summary>
public sealed class CoalescingStreamTests
{
    [Fact]
    public async Task Held_writes_go_out_in_one_write_and_one_flush_at_the_release_in_order()
    {
        var wire = new Wire();
        var stream = new CoalescingStream(wire);

        stream.Hold();
        await stream.WriteAsync(Frame('a', 10));
        await stream.FlushAsync();
        await stream.WriteAsync(Frame('b', 20));
        await stream.FlushAsync();
        await stream.WriteAsync(Frame('c', 5));
        Assert.Empty(wire.Writes);
        Assert.Equal(0, wire.Flushes);

        await stream.ReleaseAsync();

        var write = Assert.Single(wire.Writes);
        Assert.Equal([.. Frame('a', 10), .. Frame('b', 20), .. Frame('c', 5)], write);
        Assert.Equal(1, wire.Flushes);
    }

    [Fact]
    public async Task Outside_a_hold_each_write_and_flush_passes_straight_through()
    {
        var wire = new Wire();
        var stream = new CoalescingStream(wire);

        await stream.WriteAsync(Frame('a', 3));
        await stream.FlushAsync();
        stream.Write(Frame('b', 4));
        Assert.Equal([Frame('a', 3), Frame('b', 4)], wire.Writes);
        Assert.Equal(1, wire.Flushes);

        stream.Hold();
        await stream.ReleaseAsync(); // nothing held, nothing asked: nothing sent
        await stream.WriteAsync(Frame('c', 2));
        Assert.Equal([Frame('a', 3), Frame('b', 4), Frame('c', 2)], wire.Writes);
        Assert.Equal(1, wire.Flushes);
    }

    [Fact]
    public async Task A_write_that_would_overflow_the_buffer_sends_what_is_held_first_and_one_larger_than_it_goes_alone()
    {
        var wire = new Wire();
        var stream = new CoalescingStream(wire, capacity: 100);

        stream.Hold();
        await stream.WriteAsync(Frame('a', 60));
        await stream.WriteAsync(Frame('b', 40)); // exactly full
        Assert.Empty(wire.Writes);
        await stream.WriteAsync(Frame('c', 1)); // would overflow: the held 100 go first
        Assert.Equal([[.. Frame('a', 60), .. Frame('b', 40)]], wire.Writes);
        await stream.WriteAsync(Frame('d', 250)); // larger than the buffer: the held byte, then it on its own
        Assert.Equal([[.. Frame('a', 60), .. Frame('b', 40)], Frame('c', 1), Frame('d', 250)], wire.Writes);
        await stream.WriteAsync(Frame('e', 7));
        await stream.ReleaseAsync();

        Assert.Equal([[.. Frame('a', 60), .. Frame('b', 40)], Frame('c', 1), Frame('d', 250), Frame('e', 7)], wire.Writes);
        Assert.All(wire.Writes, write => Assert.True(write.Length <= 100 || write.All(b => b == write[0]), "only a single large frame exceeds the buffer"));
    }

    [Fact]
    public async Task A_write_during_a_hold_from_another_thread_joins_the_held_frames_whole()
    {
        var wire = new Wire();
        var stream = new CoalescingStream(wire);

        stream.Hold();
        var writers = "abcdefgh".Select(letter => Task.Run(async () =>
        {
            for (int i = 0; i < 50; i++) await stream.WriteAsync(Frame(letter, 37));
        })).ToList();
        await Task.WhenAll(writers).WaitAsync(TimeSpan.FromSeconds(30));
        await stream.ReleaseAsync();

        var bytes = wire.Writes.SelectMany(write => write).ToArray();
        Assert.Equal(8 * 50 * 37, bytes.Length);
        for (int at = 0; at < bytes.Length; at += 37)
            Assert.All(bytes.AsSpan(at, 37).ToArray(), b => Assert.Equal(bytes[at], b)); // every frame whole, never split by another
        Assert.True(wire.Writes.Count < 8 * 50, "held frames were gathered");
    }

    [Fact]
    public async Task A_write_made_while_the_held_frames_are_being_sent_waits_for_them()
    {
        var wire = new Wire { Stalled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously) };
        var stream = new CoalescingStream(wire);

        stream.Hold();
        await stream.WriteAsync(Frame('a', 10));
        await stream.WriteAsync(Frame('b', 10));
        var release = stream.ReleaseAsync().AsTask(); // now in the wire's stalled write
        await wire.Entered.Task.WaitAsync(TimeSpan.FromSeconds(30));

        var pong = stream.WriteAsync(Frame('p', 2)).AsTask(); // the WebSocket's own, from another thread, no longer held
        Assert.False(pong.IsCompleted);
        Assert.Single(wire.Writes);

        wire.Stalled.SetResult();
        await Task.WhenAll(release, pong).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal([[.. Frame('a', 10), .. Frame('b', 10)], Frame('p', 2)], wire.Writes);
    }

    [Fact]
    public async Task A_flush_asked_for_during_a_hold_is_made_at_the_release_even_with_nothing_held()
    {
        var wire = new Wire();
        var stream = new CoalescingStream(wire);

        stream.Hold();
        await stream.FlushAsync();
        Assert.Equal(0, wire.Flushes);
        await stream.ReleaseAsync();
        Assert.Equal(1, wire.Flushes);
        Assert.Empty(wire.Writes);
    }

    [Fact]
    public void Reads_are_the_inner_streams()
    {
        var wire = new Wire("hello"u8.ToArray());
        var stream = new CoalescingStream(wire);
        var buffer = new byte[16];
        Assert.Equal(5, stream.Read(buffer));
        Assert.Equal("hello"u8.ToArray(), buffer[..5]);
    }

    private static byte[] Frame(char letter, int length) => Enumerable.Repeat((byte)letter, length).ToArray();

    /// <summary>The HTTP server's side of the upgrade: records each write as it came, and each flush.</summary>
    private sealed class Wire(byte[]? toRead = null) : Stream
    {
        private readonly MemoryStream _reading = new(toRead ?? []);
        private readonly Lock _lock = new();
        private readonly List<byte[]> _writes = [];

        public TaskCompletionSource? Stalled { get; init; }
        public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public int Flushes { get; private set; }

        public List<byte[]> Writes
        {
            get { lock (_lock) return [.. _writes]; }
        }

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            lock (_lock) _writes.Add(buffer.ToArray());
            Entered.TrySetResult();
            if (Stalled is { } stalled) await stalled.Task.ConfigureAwait(false);
        }

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            lock (_lock) _writes.Add(buffer.ToArray());
        }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));
        public override Task FlushAsync(CancellationToken cancellationToken)
        {
            Flushes++;
            return Task.CompletedTask;
        }

        public override void Flush() => Flushes++;
        public override int Read(byte[] buffer, int offset, int count) => _reading.Read(buffer, offset, count);
        public override int Read(Span<byte> buffer) => _reading.Read(buffer);
        public override bool CanRead => true;
        public override bool CanWrite => true;
        public override bool CanSeek => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
