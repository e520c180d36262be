using System.Buffers;
using System.Reactive.Linq;
using RxChat.Protocol;
using RxChat.Server.Transport;

namespace RxChat.Tests.Protocol;

/// <summary>
/// Drives the production <see cref="LineFramer"/> the way the TCP read loop does -- unread bytes
/// stay in the buffer and the next read is appended as a new segment -- but from an observable of
/// chunks, so the framing can be drawn and checked on virtual time.
/// </summary>
internal static class ChunkFraming
{
    public static IObservable<InboundLine> Lines(IObservable<byte[]> chunks, int maxLineBytes) =>
        Observable.Create<InboundLine>(observer =>
        {
            var framer = new LineFramer(maxLineBytes);
            var unread = new List<ReadOnlyMemory<byte>>();
            return chunks.Subscribe(
                chunk =>
                {
                    unread.Add(chunk);
                    var buffer = Sequence(unread);
                    while (framer.TryReadLine(ref buffer, out var line)) observer.OnNext(line);
                    unread = Segments(buffer);
                },
                observer.OnError,
                () =>
                {
                    if (framer.TryReadLast(Sequence(unread), out var last)) observer.OnNext(last);
                    observer.OnCompleted();
                });
        });

    private static List<ReadOnlyMemory<byte>> Segments(ReadOnlySequence<byte> buffer)
    {
        var segments = new List<ReadOnlyMemory<byte>>();
        foreach (var memory in buffer)
        {
            if (!memory.IsEmpty) segments.Add(memory);
        }
        return segments;
    }

    /// <summary>A multi-segment sequence, as a pipe hands out when a line spans reads.</summary>
    private static ReadOnlySequence<byte> Sequence(List<ReadOnlyMemory<byte>> segments)
    {
        if (segments.Count == 0) return ReadOnlySequence<byte>.Empty;
        var first = new Segment(segments[0], 0);
        var last = first;
        foreach (var memory in segments.Skip(1)) last = last.Append(memory);
        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}
