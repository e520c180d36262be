using RxChat.Protocol;

namespace RxChat.Client.Lines;

/// <summary>
/// The server's lines read in order: each classified, plus the one thing the protocol
/// carries across lines — a history frame. Between <c>--- 2 earlier messages in main ---</c>
/// and <c>--- end of history ---</c> a chat line was said earlier, so it is shown as
/// history even though it looks like any other chat line. Pure, for <c>Scan</c>.
/// </summary>
/// <param name="Line">The latest line, classified; null before the first.</param>
/// <param name="EarlierMessagesLeft">
/// How many chat lines of the open frame are still to come. The frame's first line says
/// how many; counting them (rather than waiting for the end line alone) means a frame
/// that never ends cannot turn the rest of the conversation into history.
/// </param>
internal sealed record LineReading(ServerLine? Line, int EarlierMessagesLeft)
{
    public static LineReading Start { get; } = new(null, 0);

    public static LineReading Next(LineReading previous, string received)
    {
        var line = ServerLineClassifier.Classify(received);
        if (line.Count is { } announced) return new(line, announced);
        if (line.Shape == ServerLines.HistoryEnd) return new(line, 0);
        if (previous.EarlierMessagesLeft > 0 && line.Kind == LineKind.Chat)
            return new(line with { Kind = LineKind.History }, previous.EarlierMessagesLeft - 1);
        if (previous.EarlierMessagesLeft > 0 && line.Kind == LineKind.Action)
            return new(line, previous.EarlierMessagesLeft - 1); // an action kept in history: shown as the action it was

        return new(line, previous.EarlierMessagesLeft);
    }
}
