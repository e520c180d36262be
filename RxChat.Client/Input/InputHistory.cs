using System.Collections.Immutable;

namespace RxChat.Client.Input;

/// <summary>
/// The lines sent this session, for Up and Down, as in a shell: Up recalls earlier lines,
/// Down comes back, and the line being typed before the first Up is kept as a draft and
/// returns at the bottom. Pure; bounded to the latest <see cref="MaxLines"/>.
/// </summary>
/// <param name="Lines">Oldest first.</param>
/// <param name="Position">Which line is shown: <c>Lines.Count</c> means the draft.</param>
/// <param name="Draft">What was being typed before stepping into the history.</param>
internal sealed record InputHistory(ImmutableList<string> Lines, int Position, string Draft)
{
    public const int MaxLines = 500;

    public static InputHistory Empty { get; } = new([], 0, "");

    /// <summary>After a line was entered: it becomes the latest (unless it repeats the latest), and the view returns to the bottom.</summary>
    public InputHistory Add(string line)
    {
        var lines = line.Length == 0 || (Lines.Count > 0 && Lines[^1] == line) ? Lines : Lines.Add(line);
        if (lines.Count > MaxLines) lines = lines.RemoveAt(0);
        return new(lines, lines.Count, "");
    }

    /// <summary>One line further back, or null at the oldest. <paramref name="current"/> is kept as the draft when leaving the bottom.</summary>
    public (InputHistory History, string Line)? Up(string current)
    {
        if (Position == 0) return null;
        var draft = Position == Lines.Count ? current : Draft;
        return (this with { Position = Position - 1, Draft = draft }, Lines[Position - 1]);
    }

    /// <summary>One line forward, the draft at the bottom, or null when already there.</summary>
    public (InputHistory History, string Line)? Down()
    {
        if (Position >= Lines.Count) return null;
        var next = this with { Position = Position + 1 };
        return (next, next.Position == Lines.Count ? Draft : Lines[next.Position]);
    }
}
