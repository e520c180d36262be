namespace RxChat.Scenarios.Marbles;

/// <summary>
/// A marble string that cannot be read. The message names the 1-based column, says what was
/// expected there, and points at it under a copy of the string.
/// </summary>
public sealed class MarbleSyntaxException : FormatException
{
    /// <summary>Describes <paramref name="problem"/> at <paramref name="column"/> (1-based) of <paramref name="marbles"/>.</summary>
    public MarbleSyntaxException(string marbles, int column, string problem)
        : base(Describe(marbles, column, problem))
    {
        Marbles = marbles;
        Column = column;
        Problem = problem;
    }

    /// <summary>The whole marble string as written.</summary>
    public string Marbles { get; }

    /// <summary>1-based column of the offending character (one past the end for a missing one).</summary>
    public int Column { get; }

    /// <summary>What is wrong, in words, without the position.</summary>
    public string Problem { get; }

    private static string Describe(string marbles, int column, string problem) =>
        $"Malformed marbles at column {column}: {problem}{Environment.NewLine}" +
        $"  {marbles}{Environment.NewLine}" +
        $"  {new string(' ', Math.Max(0, column - 1))}^";
}
