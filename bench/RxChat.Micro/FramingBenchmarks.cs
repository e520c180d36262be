using System.Buffers;
using System.Text;
using BenchmarkDotNet.Attributes;
using RxChat.Protocol;
using RxChat.Server.Transport;

namespace RxChat.Micro;

/// <summary>
/// <see cref="LineFramer"/> cutting 1,000 chat-sized lines out of received bytes: all in
/// one read (a busy sender), and spread over 512-byte reads so lines straddle segments
/// (what a PipeReader hands over when reads are small).
/// </summary>
[MemoryDiagnoser]
public class FramingBenchmarks
{
    private const int Lines = 1000;
    private ReadOnlySequence<byte> _oneRead, _smallReads;

    [GlobalSetup]
    public void Setup()
    {
        var text = new StringBuilder();
        for (var i = 0; i < Lines; i++) text.Append($"r0m7 says message number {i} of the benchmark run\r\n");
        var bytes = Encoding.UTF8.GetBytes(text.ToString());
        _oneRead = new ReadOnlySequence<byte>(bytes);
        _smallReads = Segments.Split(bytes, 512);
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Lines)]
    public int OneRead() => Frame(_oneRead);

    [Benchmark(OperationsPerInvoke = Lines)]
    public int SmallReads() => Frame(_smallReads);

    private static int Frame(ReadOnlySequence<byte> buffer)
    {
        var framer = new LineFramer(4096);
        var count = 0;
        while (framer.TryReadLine(ref buffer, out var line)) count += line.Text.Length;
        return count;
    }
}

/// <summary>A byte array as a chain of fixed-size segments, like a pipe's buffers.</summary>
internal sealed class Segments : ReadOnlySequenceSegment<byte>
{
    private Segments(ReadOnlyMemory<byte> memory, long runningIndex)
    {
        Memory = memory;
        RunningIndex = runningIndex;
    }

    public static ReadOnlySequence<byte> Split(byte[] bytes, int size)
    {
        var first = new Segments(bytes.AsMemory(0, Math.Min(size, bytes.Length)), 0);
        var last = first;
        for (var at = size; at < bytes.Length; at += size)
        {
            var next = new Segments(bytes.AsMemory(at, Math.Min(size, bytes.Length - at)), at);
            last.Next = next;
            last = next;
        }
        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }
}
