using RxChat.Server.Core;

namespace RxChat.Server.Export;

/// <summary>
/// A log segment as a <c>.marble</c> scenario: one person per connection seen, what each
/// typed (the logged commands, typed back with <see cref="TypedLine"/>) at the time the log
/// stamped it, and what each receives as the rules decide it — <see cref="Chat.Step"/>, the
/// fold itself, routed and rendered by the text codec in UTC as the marble runner's clients
/// hear it. Played by the runner, the scenario passes on the rules that exported it.
/// </summary>
/// <remarks>
/// <para>
/// The runner starts from an empty chat, so the scenario does too. Connections already there
/// at the segment's first position (the state before it, folded from the log or its snapshot)
/// are drawn first, as a prelude: each connects, logs in and joins its room again, in the order
/// they first connected, so the same people lead the same rooms. What the prelude cannot carry
/// (earlier history, topics, kicks) starts afresh.
/// </para>
/// <para>
/// Every drawn entry gets a column of its own, at or after its stamp: a column that is taken,
/// or a lane still drawing a group, moves it to the next free one, so the replay keeps the
/// log's order. The frame is the coarsest of 1 s, 100 ms and 10 ms at which no line moves into
/// another second (its <c>[HH:MM:SS]</c> then reads as it was logged); the entries are folded at
/// the times they are drawn, so what is expected is what the replay decides.
/// </para>
/// <para>
/// Entries of several nodes become node lanes: every node runs from column 0, <c>|</c> where it
/// stopped and <c>^</c> where it started again. One node that never stopped needs no lane.
/// </para>
/// </remarks>
public static class MarbleExport
{
    private static readonly TimeSpan[] Frames = [TimeSpan.FromSeconds(1), TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(10)];

    /// <summary>The scenario's text. Throws <see cref="NotExportableException"/> for what a marble cannot show.</summary>
    /// <param name="segment">The entries to export, in log order (not empty).</param>
    /// <param name="before">The chat just before the first of them.</param>
    public static string Write(IReadOnlyList<LogEntry> segment, ChatState before, ExportSettings settings)
    {
        ArgumentNullException.ThrowIfNull(segment);
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(settings);
        if (segment.Count == 0) throw new NotExportableException("the segment has no entries");
        var plan = ExportPlan.Of(segment, before);
        MarbleDrawing? drawing = null;
        foreach (var frame in Frames)
        {
            drawing = MarbleDrawing.Lay(plan, frame, settings.Rules);
            if (drawing.Moved == 0) break;
        }
        return MarbleText.Write(plan, drawing!, settings);
    }
}
