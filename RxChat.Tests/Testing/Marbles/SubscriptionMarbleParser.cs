namespace RxChat.Tests.Testing.Marbles;

/// <summary>
/// Reads a subscription marble: <c>^</c> where the subscription was made, <c>!</c> where it was
/// disposed (absent: never disposed), <c>-</c> / <c>-{n}</c> frames, spaces ignored, and
/// <c>(^!)</c> for both in one frame. Frame 0 is the first character, as in RxJS.
/// </summary>
internal static class SubscriptionMarbleParser
{
    public static (long Subscribe, long? Unsubscribe) Parse(string marbles)
    {
        ArgumentNullException.ThrowIfNull(marbles);

        long frame = 0;
        long? subscribe = null;
        long? unsubscribe = null;
        int? groupColumn = null;
        long groupFrame = 0;

        for (var i = 0; i < marbles.Length; i++)
        {
            var symbol = marbles[i];
            var column = i + 1;
            var at = groupColumn is null ? frame : groupFrame;
            switch (symbol)
            {
                case ' ':
                    break;
                case '-' when groupColumn is null:
                    frame += MarbleGap.Read(marbles, i, out i);
                    break;
                case '(' when groupColumn is null:
                    groupColumn = column;
                    groupFrame = frame;
                    frame++;
                    break;
                case ')' when groupColumn is not null:
                    groupColumn = null;
                    frame++;
                    break;
                case '^':
                    if (subscribe is not null)
                    {
                        throw new MarbleSyntaxException(marbles, column, "a second '^'; write one marble string per subscription");
                    }
                    subscribe = at;
                    if (groupColumn is null) frame++;
                    break;
                case '!':
                    if (subscribe is null)
                    {
                        throw new MarbleSyntaxException(marbles, column, "'!' (unsubscribe) before '^' (subscribe)");
                    }
                    if (unsubscribe is not null)
                    {
                        throw new MarbleSyntaxException(marbles, column, "a second '!'");
                    }
                    unsubscribe = at;
                    if (groupColumn is null) frame++;
                    break;
                default:
                    throw new MarbleSyntaxException(marbles, column,
                        $"unexpected '{symbol}'; a subscription marble has only '-', '^', '!', a '(^!)' group and spaces");
            }
        }

        if (groupColumn is not null)
        {
            throw new MarbleSyntaxException(marbles, groupColumn.Value, "this group is never closed; expected ')'");
        }
        if (subscribe is null)
        {
            throw new MarbleSyntaxException(marbles, marbles.Length + 1, "no '^'; a subscription marble must show where the subscription was made");
        }
        return (subscribe.Value, unsubscribe);
    }
}
