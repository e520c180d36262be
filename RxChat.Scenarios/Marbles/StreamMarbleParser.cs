namespace RxChat.Scenarios.Marbles;

/// <summary>
/// Reads a single-stream marble string into timed events, with RxJS's rules:
/// <list type="bullet">
/// <item><c>-</c> one frame passes; <c>-{n}</c> n frames pass; spaces are ignored.</item>
/// <item>a letter or digit: a value, taking one frame.</item>
/// <item><c>|</c> completion, <c>#</c> error, each taking one frame.</item>
/// <item><c>(…)</c> several notifications in the frame of the <c>(</c>; the group still takes one
/// frame per character, parentheses included, so <c>(ab)-c</c> puts <c>c</c> at frame 5.</item>
/// <item><c>^</c> (hot streams and expectations only) marks frame 0; what comes before it has
/// negative frames.</item>
/// </list>
/// Nothing may follow <c>|</c> or <c>#</c> except silence.
/// </summary>
internal static class StreamMarbleParser
{
    /// <summary>The events with frame 0 at the <c>^</c> (or the first character if there is none).</summary>
    public static IReadOnlyList<MarbleEvent> Parse(string marbles, bool allowSubscriptionPoint)
    {
        var (events, subscriptionFrame) = Read(marbles, allowSubscriptionPoint);
        var zero = subscriptionFrame ?? 0;
        return events.Select(e => e with { Frame = e.Frame - zero }).ToList();
    }

    /// <summary>
    /// The events with frame 0 at the first character, and the frame of the <c>^</c> if there is
    /// one; for diagrams (such as chat scenario lanes) where <c>^</c> is an event in its own right.
    /// </summary>
    public static (IReadOnlyList<MarbleEvent> Events, long? SubscriptionFrame) Read(string marbles, bool allowSubscriptionPoint)
    {
        ArgumentNullException.ThrowIfNull(marbles);

        var events = new List<MarbleEvent>();
        long frame = 0;
        long? subscriptionFrame = null;
        long groupFrame = 0;
        int? groupColumn = null;
        var groupSize = 0;
        int? endColumn = null;

        for (var i = 0; i < marbles.Length; i++)
        {
            var symbol = marbles[i];
            var column = i + 1;
            switch (symbol)
            {
                case ' ':
                    break;

                case '-':
                    if (groupColumn is not null)
                    {
                        throw new MarbleSyntaxException(marbles, column, "'-' inside a group; a group is a single frame, close it with ')' first");
                    }
                    frame += MarbleGap.Read(marbles, i, out i);
                    break;

                case '(':
                    if (groupColumn is not null)
                    {
                        throw new MarbleSyntaxException(marbles, column, $"groups cannot be nested (the group opened at column {groupColumn} is still open)");
                    }
                    groupColumn = column;
                    groupFrame = frame;
                    groupSize = 0;
                    frame++;
                    break;

                case ')':
                    if (groupColumn is null)
                    {
                        throw new MarbleSyntaxException(marbles, column, "')' without a '(' before it");
                    }
                    if (groupSize == 0)
                    {
                        throw new MarbleSyntaxException(marbles, column, "empty group '()'; put at least one value, '|' or '#' in it");
                    }
                    groupColumn = null;
                    frame++;
                    break;

                case '^':
                    if (!allowSubscriptionPoint)
                    {
                        throw new MarbleSyntaxException(marbles, column, "'^' marks where a hot stream is subscribed; a cold stream always starts at its subscription");
                    }
                    if (groupColumn is not null)
                    {
                        throw new MarbleSyntaxException(marbles, column, "'^' cannot be inside a group");
                    }
                    if (subscriptionFrame is not null)
                    {
                        throw new MarbleSyntaxException(marbles, column, "a second '^'; a stream has one subscription point");
                    }
                    subscriptionFrame = frame;
                    frame++;
                    break;

                case '|' or '#':
                case var _ when char.IsAsciiLetterOrDigit(symbol):
                    if (endColumn is not null)
                    {
                        throw new MarbleSyntaxException(marbles, column, $"'{symbol}' after the stream ended at column {endColumn}; only '-' and spaces may follow '|' or '#'");
                    }
                    var kind = symbol switch { '|' => MarbleKind.Completed, '#' => MarbleKind.Error, _ => MarbleKind.Next };
                    if (kind != MarbleKind.Next)
                    {
                        endColumn = column;
                    }
                    // Inside a group every symbol happens in the group's frame, yet still takes a
                    // frame of its own: RxJS's rule, so characters line up as columns of time.
                    events.Add(new MarbleEvent(groupColumn is null ? frame : groupFrame, kind, symbol, column));
                    groupSize++;
                    frame++;
                    break;

                default:
                    throw new MarbleSyntaxException(marbles, column,
                        $"unexpected '{symbol}'; expected '-', a letter or digit, '(', ')', '|', '#'" + (allowSubscriptionPoint ? ", '^'" : "") + " or a space");
            }
        }

        if (groupColumn is not null)
        {
            throw new MarbleSyntaxException(marbles, groupColumn.Value, "this group is never closed; expected ')'");
        }

        return (events, subscriptionFrame);
    }
}
