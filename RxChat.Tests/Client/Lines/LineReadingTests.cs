using RxChat.Client.Lines;

namespace RxChat.Tests.Client.Lines;

/// <summary>The server's lines read in order: inside a history frame, chat is history.</summary>
public class LineReadingTests
{
    private static List<ServerLine> Read(params string[] received)
    {
        var reading = LineReading.Start;
        var lines = new List<ServerLine>();
        foreach (var line in received)
        {
            reading = LineReading.Next(reading, line);
            lines.Add(reading.Line!);
        }
        return lines;
    }

    [Fact]
    public void Lines_inside_the_frame_are_history_and_after_it_chat_again()
    {
        var lines = Read(
            "You joined room main",
            "--- 2 earlier messages in main ---",
            "[12:30:01] alice: has anyone seen the build?",
            "[12:30:09] bob: it is green again",
            "--- end of history ---",
            "[12:31:00] bob: welcome back");

        Assert.Equal(
            [LineKind.RoomReply, LineKind.HistoryFrame, LineKind.History, LineKind.History, LineKind.HistoryFrame, LineKind.Chat],
            lines.Select(l => l.Kind));
        Assert.Equal(("12:30:09", "bob", "it is green again"), (lines[3].Time, lines[3].User, lines[3].Message));
    }

    [Fact]
    public void One_earlier_message_has_its_own_wording()
    {
        var lines = Read("--- 1 earlier message in main ---", "[12:30:01] alice: hi", "--- end of history ---", "[12:31:00] bob: hi");
        Assert.Equal([LineKind.HistoryFrame, LineKind.History, LineKind.HistoryFrame, LineKind.Chat], lines.Select(l => l.Kind));
    }

    [Fact]
    public void A_frame_that_never_ends_does_not_swallow_the_conversation()
    {
        var lines = Read("--- 1 earlier message in main ---", "[12:30:01] alice: old", "[12:31:00] bob: new");
        Assert.Equal([LineKind.HistoryFrame, LineKind.History, LineKind.Chat], lines.Select(l => l.Kind));
    }

    [Fact]
    public void Without_a_frame_nothing_is_history()
    {
        Assert.Equal([LineKind.Chat, LineKind.HistoryFrame], Read("[12:30:01] alice: hi", "No earlier messages in main").Select(l => l.Kind));
    }
}
