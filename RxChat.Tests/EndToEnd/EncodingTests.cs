using RxChat.Protocol;
using System.IO.Pipelines;
using System.Text;
using RxChat.Server.Transport;
using RxChat.Tests.Support;
using static RxChat.Tests.Support.Peers;

namespace RxChat.Tests.EndToEnd;

/// <summary>Bytes that are not UTF-8 are replaced (U+FFFD), never fatal; characters split between reads survive.</summary>
public sealed class EncodingTests
{
    [Fact]
    public async Task Invalid_utf8_is_replaced_and_nobody_is_hurt()
    {
        await using var server = await RunningServer.StartAsync();
        await using var alice = await InRoomAsync(server.Port, "alice", "lobby");
        await using var mallory = await InRoomAsync(server.Port, "mallory", "lobby", alice);

        await mallory.SendBytesAsync([.. "bad "u8, 0xFF, 0xFE, .. " half "u8, 0xE2, 0x82, .. " lone "u8, 0x80, .. "\n"u8]);
        await mallory.SendBytesAsync([.. "overlong escape "u8, 0xC0, 0x9B, .. "[31m\n"u8]); // ESC in disguise
        await mallory.SendBytesAsync([.. "/join "u8, 0xFF, .. "\n"u8]);
        await mallory.SendLineAsync("still here");

        Assert.Equal("You joined room \uFFFD", await mallory.ReadLineAsync());
        Assert.Equal(
            ["mallory: bad \uFFFD\uFFFD half \uFFFD lone \uFFFD", "mallory: overlong escape \uFFFD\uFFFD[31m", "mallory left the room lobby"],
            (await alice.ReadLinesAsync(3)).Select(Unstamped));
        await alice.ExpectNothingMoreAsync();
        await alice.SendLineAsync("/join \uFFFD");
        Assert.Equal("You joined room \uFFFD", await alice.ReadLineAsync());
        Assert.Equal(["alice left the room lobby", "alice joined the room"], (await mallory.ReadLinesAsync(2)).Select(Unstamped));
    }

    [Fact]
    public async Task A_character_split_across_two_writes_arrives_whole()
    {
        await using var server = await RunningServer.StartAsync();
        await using var alice = await InRoomAsync(server.Port, "alice", "lobby");
        await using var bob = await InRoomAsync(server.Port, "bob", "lobby", alice);

        var text = Encoding.UTF8.GetBytes("price: 5€, snow: ☃, face: 😀\n");
        int euro = Array.IndexOf(text, (byte)0xE2);
        int emoji = Array.IndexOf(text, (byte)0xF0);
        await bob.SendBytesAsync(text[..(euro + 1)]);
        await bob.SendBytesAsync(text[(euro + 1)..(emoji + 2)]);
        await bob.SendBytesAsync(text[(emoji + 2)..]);

        AssertStamped("bob: price: 5€, snow: ☃, face: 😀", await alice.ReadLineAsync());
    }

    /// <summary>The same, with the split guaranteed to fall between two reads of the framer.</summary>
    [Fact]
    public async Task The_framer_decodes_a_character_split_between_reads()
    {
        var pipe = new Pipe();
        var framer = new LineFramer(64);
        var bytes = Encoding.UTF8.GetBytes("a😀b\n");

        await pipe.Writer.WriteAsync(bytes.AsMemory(..3));
        var first = (await pipe.Reader.ReadAsync()).Buffer;
        Assert.False(framer.TryReadLine(ref first, out _));
        pipe.Reader.AdvanceTo(first.Start, first.End);

        await pipe.Writer.WriteAsync(bytes.AsMemory(3..));
        var second = (await pipe.Reader.ReadAsync()).Buffer;
        Assert.True(framer.TryReadLine(ref second, out var line));
        Assert.Equal("a😀b", line.Text);
    }
}
