using System.Text;

namespace RxChat.Tests.Testing.Marbles;

/// <summary>
/// Draws timed symbols back as a marble string, in the same notation the parser reads, so an
/// actual timeline can be printed under an expected one. Runs of more than
/// <see cref="LongGap"/> frames are written <c>-{n}</c>.
/// </summary>
internal static class MarbleRenderer
{
    public const int LongGap = 20;

    /// <summary>
    /// The marble string for <paramref name="items"/> (frames ascending), or null when they cannot be
    /// drawn: a negative frame, or a notification inside the frames a preceding group takes up
    /// (RxJS notation has no way to write that).
    /// </summary>
    public static string? Render(IEnumerable<(long Frame, char Symbol)> items)
    {
        var text = new StringBuilder();
        long position = 0;
        foreach (var group in GroupConsecutiveFrames(items))
        {
            if (group.Frame < position)
            {
                return null;
            }
            AppendGap(text, group.Frame - position);
            if (group.Symbols.Count == 1)
            {
                text.Append(group.Symbols[0]);
                position = group.Frame + 1;
            }
            else
            {
                text.Append('(').Append(group.Symbols.ToArray()).Append(')');
                position = group.Frame + group.Symbols.Count + 2;
            }
        }
        return text.ToString();
    }

    private static void AppendGap(StringBuilder text, long frames)
    {
        if (frames > LongGap)
        {
            text.Append("-{").Append(frames).Append('}');
        }
        else
        {
            text.Append('-', (int)frames);
        }
    }

    private static IEnumerable<(long Frame, List<char> Symbols)> GroupConsecutiveFrames(IEnumerable<(long Frame, char Symbol)> items)
    {
        (long Frame, List<char> Symbols)? current = null;
        foreach (var (frame, symbol) in items)
        {
            if (current is { } open && open.Frame == frame)
            {
                open.Symbols.Add(symbol);
                continue;
            }
            if (current is not null)
            {
                yield return current.Value;
            }
            current = (frame, new List<char> { symbol });
        }
        if (current is not null)
        {
            yield return current.Value;
        }
    }
}
