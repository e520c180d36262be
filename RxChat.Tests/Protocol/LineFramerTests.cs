using System.Buffers;
using System.Text;
using RxChat.Protocol;
using RxChat.Server.Transport;

namespace RxChat.Tests.Protocol;

/// <summary>Framing bytes into lines over arbitrary read boundaries.</summary>
public sealed class LineFramerTests
{
    /// <summary>Feeds the chunks one read at a time, as a socket would deliver them.</summary>
    private static List<InboundLine> Frame(int maxLineBytes, params byte[][] reads)
    {
        var framer = new LineFramer(maxLineBytes);
        var lines = new List<InboundLine>();
        var pending = Array.Empty<byte>();
        foreach (var read in reads)
        {
            var buffer = new ReadOnlySequence<byte>([.. pending, .. read]);
            while (framer.TryReadLine(ref buffer, out var line)) lines.Add(line);
            pending = buffer.ToArray();
        }
        if (framer.TryReadLast(new ReadOnlySequence<byte>(pending), out var last)) lines.Add(last);
        return lines;
    }

    private static byte[] B(string text) => Encoding.UTF8.GetBytes(text);

    [Fact]
    public void Several_lines_in_one_read_are_several_lines() =>
        Assert.Equal(["alice", "/join main", "hi"], Frame(100, B("alice\n/join main\nhi\n")).Select(l => l.Text));

    [Fact]
    public void A_line_split_over_reads_waits_for_its_end() =>
        Assert.Equal(["/join main", "hello"], Frame(100, B("/jo"), B("in ma"), B("in\nhel"), B("lo\n")).Select(l => l.Text));

    [Fact]
    public void Crlf_endings_are_accepted() =>
        Assert.Equal(["alice", "hi"], Frame(100, B("alice\r\nhi\r\n")).Select(l => l.Text));

    [Fact]
    public void A_multibyte_character_split_between_reads_is_decoded_whole()
    {
        var bytes = B("héllo ✓\n");
        var lines = Frame(100, bytes[..2], bytes[2..8], bytes[8..]);
        Assert.Equal(["héllo ✓"], lines.Select(l => l.Text));
    }

    [Fact]
    public void Invalid_utf8_becomes_replacement_characters() =>
        Assert.Equal(["a\uFFFDb"], Frame(100, [(byte)'a', 0xFF, (byte)'b', (byte)'\n']).Select(l => l.Text));

    [Fact]
    public void An_unterminated_last_line_still_counts() =>
        Assert.Equal(["alice", "bye"], Frame(100, B("alice\nbye")).Select(l => l.Text));

    [Fact]
    public void A_line_at_the_limit_passes_and_one_byte_more_is_too_long()
    {
        var lines = Frame(5, B("12345\n123456\n12345\r\nok\n"));
        Assert.Equal([false, true, false, false], lines.Select(l => l.TooLong));
        Assert.Equal("ok", lines[^1].Text);
    }

    [Fact]
    public void A_long_line_without_newline_is_reported_once_and_skipped_to_its_end()
    {
        var chunk = Enumerable.Repeat((byte)'x', 1000).ToArray();
        var lines = Frame(64, chunk, chunk, chunk, B("tail\nnext\n"));
        Assert.Equal([true, false], lines.Select(l => l.TooLong));
        Assert.Equal("next", lines[1].Text);
    }

    [Fact]
    public void The_framer_keeps_at_most_the_limit_while_waiting()
    {
        var framer = new LineFramer(64);
        var buffer = new ReadOnlySequence<byte>(Enumerable.Repeat((byte)'x', 10_000).ToArray());
        Assert.True(framer.TryReadLine(ref buffer, out var line));
        Assert.True(line.TooLong);
        Assert.Equal(0, buffer.Length);
    }
}
