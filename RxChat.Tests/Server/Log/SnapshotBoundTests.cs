using RxChat.Server.Core;
using RxChat.Server.Log;
using Xunit.Abstractions;

namespace RxChat.Tests.Server.Log;

/// <summary>
/// docs/operations.md ("Snapshot size") works out that the default history bounds keep a
/// snapshot's history well under 64 MiB whatever is said; this fills them both ways it can be
/// filled — the most lines, and the most bytes in their costliest JSON — and weighs the result.
/// </summary>
public sealed class SnapshotBoundTests(ITestOutputHelper output)
{
    private const long MiB = 1024 * 1024;

    private const string Emoji = "😀"; // 4 bytes of UTF-8, 12 as the JSON escapes .NET writes for it

    [Theory]
    [InlineData(1, 0, 1)] // the most lines: every room full of one-letter lines from "u"
    [InlineData(16, 30, 20)] // the most bytes as JSON: names and text all emoji
    public void The_history_at_the_default_bounds_writes_a_snapshot_under_64_MiB(int userEmoji, int roomEmoji, int textEmoji)
    {
        string Of(int emoji) => emoji == 1 && roomEmoji == 0 ? "u" : string.Concat(Enumerable.Repeat(Emoji, emoji));
        string text = roomEmoji == 0 ? "x" : Of(textEmoji);
        var rules = ChatRules.Default;
        var bounds = HistoryBounds.Of(rules);
        var history = RoomHistories.Empty;
        var who = new ConnectionId("local", 123_456);
        long position = 1_000_000_000;
        var time = new DateTimeOffset(2026, 12, 6, 12, 34, 56, 789, TimeSpan.Zero);
        var user = Of(userEmoji);
        var rooms = Enumerable.Range(0, rules.HistoryRooms).Select(r => $"{r:D4}{(roomEmoji == 0 ? "" : Of(roomEmoji))}").ToArray();
        for (int line = 0; line < rules.HistoryPerRoom; line++)
            foreach (var room in rooms)
                history = history.Add(new Said(new Stamp(position++, time), who, user, room, text), bounds);

        var state = ChatState.Create(rules) with { Position = position, History = history };
        long size = LogJson.Serialize(ChatSnapshot.Of(state)).LongLength;

        output.WriteLine($"{size:N0} bytes for {history.Rooms.Values.Sum(h => h.Count):N0} lines weighing {history.Bytes:N0}");
        Assert.True(history.Bytes <= rules.HistoryTotalBytes);
        Assert.True(size < 48 * MiB, $"{size / (double)MiB:F1} MiB for {history.Rooms.Values.Sum(h => h.Count):N0} lines weighing {history.Bytes / (double)MiB:F1} MiB");
    }
}
