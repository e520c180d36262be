using RxChat.Protocol;
using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using RxChat.Server.Transport;
using RxChat.Tests.Support;
using static RxChat.Tests.Support.Peers;

namespace RxChat.Tests.EndToEnd;

/// <summary>A line over the limit is answered once and forgotten; it never costs more than the limit in memory.</summary>
public sealed class LineLengthTests
{
    [Fact]
    public async Task A_line_over_the_limit_gets_one_error_and_the_connection_goes_on()
    {
        await using var server = await RunningServer.StartAsync(o => o.Limits.MaxLineBytes = 64);
        await using var alice = await InRoomAsync(server.Port, "alice", "lobby");
        await using var mallory = await InRoomAsync(server.Port, "mallory", "lobby", alice);

        await mallory.SendRawAsync("before\n" + new string('x', 65) + "\n" + new string('y', 64) + "\n" + new string('z', 64) + "\r\nafter\n");

        Assert.Equal("Line too long (max 64 bytes)", await mallory.ReadLineAsync());
        Assert.Equal(["mallory: before", "mallory: " + new string('y', 64), "mallory: " + new string('z', 64), "mallory: after"],
            (await alice.ReadLinesAsync(4)).Select(Unstamped));
        await mallory.ExpectNothingMoreAsync();
        await alice.ExpectNothingMoreAsync();
    }

    [Fact]
    public async Task A_one_mebibyte_line_is_refused_once_while_the_room_chats_on()
    {
        await using var server = await RunningServer.StartAsync();
        await using var alice = await InRoomAsync(server.Port, "alice", "lobby");
        await using var bob = await InRoomAsync(server.Port, "bob", "lobby", alice);
        await using var mallory = await InRoomAsync(server.Port, "mallory", "lobby", alice, bob);

        var huge = mallory.SendBytesAsync([.. Encoding.UTF8.GetBytes("first\n"), .. Enumerable.Repeat((byte)'x', 1 << 20), (byte)'\n', .. "last\n"u8]);
        await bob.SendLineAsync("meanwhile");
        await huge;

        var told = await mallory.ReadLinesAsync(2);
        Assert.Contains("Line too long (max 4096 bytes)", told);
        Assert.Contains(told, line => line.EndsWith("] bob: meanwhile"));
        var seen = (await alice.ReadLinesAsync(3)).Select(Unstamped).ToList();
        Assert.Equal(["mallory: first", "mallory: last"], seen.Where(l => l.StartsWith("mallory")));
        Assert.Contains("bob: meanwhile", seen);
        await mallory.ExpectNothingMoreAsync();
        await alice.ExpectNothingMoreAsync();
    }

    [Fact]
    public async Task Megabytes_without_a_newline_cost_one_error_then_the_line_after_counts()
    {
        await using var server = await RunningServer.StartAsync(o => o.Limits.MaxLineBytes = 1024);
        await using var alice = await InRoomAsync(server.Port, "alice", "lobby");
        await using var mallory = await InRoomAsync(server.Port, "mallory", "lobby", alice);

        var chunk = Enumerable.Repeat((byte)'x', 64 * 1024).ToArray();
        for (int i = 0; i < 64; i++) await mallory.SendBytesAsync(chunk); // 4 MiB, no newline
        await mallory.SendRawAsync("\nback to normal\n");

        Assert.Equal("Line too long (max 1024 bytes)", await mallory.ReadLineAsync());
        AssertStamped("mallory: back to normal", await alice.ReadLineAsync());
        await mallory.ExpectNothingMoreAsync();
        await alice.ExpectNothingMoreAsync();
    }

    /// <summary>The framer's promise behind the test above: what it keeps never exceeds the limit plus one read.</summary>
    [Fact]
    public async Task The_framer_keeps_at_most_the_limit_while_a_line_never_ends()
    {
        const int limit = 1024, read = 4096;
        var pipe = new Pipe(new PipeOptions(pauseWriterThreshold: 0));
        var framer = new LineFramer(limit);
        var chunk = Enumerable.Repeat((byte)'x', read).ToArray();
        var lines = new List<InboundLine>();
        long mostKept = 0;

        for (int i = 0; i < 4096; i++) // 16 MiB in all
        {
            await pipe.Writer.WriteAsync(chunk);
            var result = await pipe.Reader.ReadAsync();
            var buffer = result.Buffer;
            Assert.True(buffer.Length <= limit + 1 + read, $"kept {buffer.Length} bytes");
            while (framer.TryReadLine(ref buffer, out var line)) lines.Add(line);
            mostKept = Math.Max(mostKept, buffer.Length);
            pipe.Reader.AdvanceTo(buffer.Start, buffer.End);
        }
        await pipe.Writer.WriteAsync("\nok\n"u8.ToArray());
        var last = (await pipe.Reader.ReadAsync()).Buffer;
        while (framer.TryReadLine(ref last, out var line)) lines.Add(line);

        Assert.True(mostKept <= limit + 1, $"kept {mostKept} bytes between reads");
        Assert.Equal([InboundLine.Overlong, new InboundLine("ok")], lines);
    }
}
