namespace RxChat.Scenarios.Marbles;

/// <summary>
/// Reads the long-gap form <c>-{n}</c> (n frames of silence), shared by stream and
/// subscription marbles.
/// </summary>
internal static class MarbleGap
{
    /// <summary>
    /// If a <c>{</c> follows the dash at <paramref name="dash"/>, reads <c>{n}</c> and returns n with
    /// <paramref name="last"/> on the closing brace; otherwise returns 1 with <paramref name="last"/> on the dash.
    /// </summary>
    public static long Read(string marbles, int dash, out int last)
    {
        last = dash;
        if (dash + 1 >= marbles.Length || marbles[dash + 1] != '{')
        {
            return 1;
        }

        var close = marbles.IndexOf('}', dash + 2);
        if (close < 0)
        {
            throw new MarbleSyntaxException(marbles, dash + 2, "'-{' starts a gap but there is no closing '}'; write e.g. -{40}");
        }

        var digits = marbles[(dash + 2)..close];
        if (digits.Length == 0 || !digits.All(char.IsAsciiDigit) || !long.TryParse(digits, out var frames) || frames < 1)
        {
            throw new MarbleSyntaxException(marbles, dash + 3, $"expected a whole number of frames (1 or more) inside -{{…}}, found \"{digits}\"");
        }

        last = close;
        return frames;
    }
}
