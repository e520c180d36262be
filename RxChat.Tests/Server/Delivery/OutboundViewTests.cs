using RxChat.Server.Delivery;
using RxChat.Server.Protocol;

namespace RxChat.Tests.Server.Delivery;

/// <summary>
/// Views in one shared stream (<see cref="OutboundView"/>), at random: lines and views
/// appended, readers reading a little now and then, leaving, arriving. Whatever happened,
/// a reader's queued bytes are exactly what it is then sent, and once it has read everything,
/// the last view it was sent is the newest it was owed; every other line is sent.
/// </summary>
public sealed class OutboundViewTests
{
    private sealed class Reader(Outbox outbox, OutboundCursor cursor)
    {
        public Outbox Outbox { get; } = outbox;
        public OutboundCursor Cursor { get; } = cursor;
        public bool Left { get; set; }
        public string? NewestOwed { get; set; } // the newest view appended while it followed
        public string? LastViewRead { get; set; }
        public List<string> LinesOwed { get; } = [];
        public List<string> LinesRead { get; } = [];

        public long Take(int most)
        {
            long bytes = 0;
            for (int i = 0; i < most && Outbox.TryTake(out var line); i++)
            {
                bytes += line.Bytes.Length;
                if (line.Text.StartsWith("view", StringComparison.Ordinal)) LastViewRead = line.Text;
                else LinesRead.Add(line.Text);
            }
            return bytes;
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void Queued_bytes_are_what_is_sent_and_the_last_view_sent_is_the_newest(int seed)
    {
        var random = new Random(seed);
        var buffer = new OutboundBuffer(long.MaxValue);
        var stream = new OutboundStream(buffer);
        var readers = new List<Reader>();
        void Arrive()
        {
            var outbox = new Outbox(long.MaxValue);
            outbox.Attach(buffer);
            readers.Add(new Reader(outbox, outbox.Follow(stream)));
        }
        Arrive();
        Arrive();

        for (int step = 0; step < 3000; step++)
        {
            switch (random.Next(10))
            {
                case 0 or 1 or 2:
                    var view = new OutboundView();
                    var text = $"view {step} {new string('m', random.Next(0, 200))}";
                    stream.Append(new OutboundLine(text), except: null, notice: true, view);
                    foreach (var r in readers.Where(r => !r.Left)) r.NewestOwed = text;
                    break;
                case 3 or 4 or 5:
                    var line = $"line {step} {new string('x', random.Next(0, 60))}";
                    stream.Append(new OutboundLine(line));
                    foreach (var r in readers.Where(r => !r.Left)) r.LinesOwed.Add(line);
                    break;
                case 6:
                    if (readers.FirstOrDefault(r => !r.Left) is { } leaving && readers.Count(r => !r.Left) > 1)
                    {
                        stream.Unfollow(leaving.Cursor);
                        leaving.Left = true;
                    }
                    break;
                case 7:
                    Arrive();
                    break;
                default:
                    buffer.Publish();
                    foreach (var r in readers) r.Take(random.Next(0, 4));
                    break;
            }
            if (step % 97 == 0) // a checkpoint: each reader reads all it is owed
            {
                buffer.Publish();
                foreach (var r in readers)
                {
                    long queued = r.Outbox.QueuedBytes;
                    Assert.Equal(queued, r.Take(int.MaxValue));
                    Assert.Equal(0, r.Outbox.QueuedBytes);
                    Assert.Equal(r.NewestOwed, r.LastViewRead);
                    Assert.Equal(r.LinesOwed, r.LinesRead);
                }
            }
        }
    }

    [Fact]
    public void A_reader_that_keeps_up_is_sent_every_view()
    {
        var buffer = new OutboundBuffer(long.MaxValue);
        var stream = new OutboundStream(buffer);
        var outbox = new Outbox(long.MaxValue);
        outbox.Attach(buffer);
        outbox.Follow(stream);
        for (int i = 0; i < 5; i++)
        {
            stream.Append(new OutboundLine($"view {i}"), except: null, notice: true, new OutboundView());
            buffer.Publish();
            Assert.True(outbox.TryTake(out var line));
            Assert.Equal($"view {i}", line.Text);
        }
    }
}
