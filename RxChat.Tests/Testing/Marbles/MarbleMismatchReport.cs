using System.Reactive;
using System.Text;

namespace RxChat.Tests.Testing.Marbles;

/// <summary>
/// Writes the message of a <see cref="MarbleMismatchException"/>: both timelines drawn as
/// marbles on the same grid, one above the other, and the raw notifications with their ticks
/// (the drawing alone cannot show a value between frames).
/// </summary>
internal sealed class MarbleMismatchReport(long frameTicks, long origin)
{
    /// <summary>Expected and actual subscriptions, each drawn and in (subscribe, unsubscribe) form.</summary>
    public string Subscriptions(IReadOnlyList<Subscription> expected, IReadOnlyList<Subscription> actual)
    {
        var text = new StringBuilder()
            .AppendLine($"Subscriptions differ (1 frame = {frameTicks} ticks; frame 0 = tick {origin}).")
            .AppendLine("  expected:");
        foreach (var s in expected) text.Append("    ").Append(Draw(s)).Append("   ").AppendLine(s.ToString());
        text.AppendLine("  actual:");
        foreach (var s in actual) text.Append("    ").Append(Draw(s)).Append("   ").AppendLine(s.ToString());
        if (actual.Count == 0) text.AppendLine("    (no subscriptions)");
        return text.ToString();
    }

    /// <summary>Expected over actual notifications, the first difference marked, the raw lists below.</summary>
    public string Notifications<T>(Recorded<Notification<T>>[] expected, List<Recorded<Notification<T>>> actual, MarbleValues<T> symbols)
    {
        var expectedDrawing = Draw(expected.Select(r => (r.Time, SymbolOf(r.Value, symbols))));
        var actualDrawing = Draw(actual.Select(r => (r.Time, SymbolOf(r.Value, symbols))));

        var text = new StringBuilder()
            .AppendLine($"Marbles differ (1 frame = {frameTicks} ticks; frame 0 = tick {origin}).")
            .Append("  expected: ").AppendLine(expectedDrawing ?? WhyNotDrawn(expected))
            .Append("  actual:   ").AppendLine(actualDrawing ?? WhyNotDrawn(actual));
        if (expectedDrawing is not null && actualDrawing is not null)
        {
            var column = Enumerable.Range(0, Math.Max(expectedDrawing.Length, actualDrawing.Length))
                .Where(i => i >= expectedDrawing.Length || i >= actualDrawing.Length || expectedDrawing[i] != actualDrawing[i])
                .DefaultIfEmpty(-1)
                .First();
            text.AppendLine(column < 0
                ? "            (same drawing: a value or an error differs, see below)"
                : "            " + new string(' ', column) + "^ first difference");
        }
        text.Append("  expected notifications: ").AppendLine(string.Join(", ", expected.Select(Describe)))
            .Append("  actual notifications:   ").AppendLine(actual.Count == 0 ? "(none)" : string.Join(", ", actual.Select(Describe)));
        foreach (var (symbol, value) in symbols.Invented)
        {
            text.Append("  where ").Append(symbol).Append(" = ").AppendLine(value?.ToString() ?? "null");
        }
        return text.ToString();
    }

    private string WhyNotDrawn<T>(IEnumerable<Recorded<Notification<T>>> records) =>
        records.Any(r => (r.Time - origin) % frameTicks != 0 || r.Time < origin)
            ? "(cannot be drawn: something happens between frames or before frame 0; see the notifications below)"
            : "(cannot be drawn: something happens inside the columns a group takes up; see the notifications below)";

    private static string Describe<T>(Recorded<Notification<T>> record) => record.Value switch
    {
        MarbleErrorExpectation<T> => $"OnError@{record.Time}",
        { Kind: NotificationKind.OnError } n => $"OnError({n.Exception!.GetType().Name}: {n.Exception.Message})@{record.Time}",
        var n => $"{n}@{record.Time}",
    };

    private static char SymbolOf<T>(Notification<T> notification, MarbleValues<T> symbols) => notification.Kind switch
    {
        NotificationKind.OnCompleted => '|',
        NotificationKind.OnError => '#',
        _ => symbols.SymbolOf(notification.Value),
    };

    /// <summary>Draws absolute-tick items on the frame grid, or null if any is off it.</summary>
    private string? Draw(IEnumerable<(long Tick, char Symbol)> items)
    {
        var onGrid = new List<(long Frame, char Symbol)>();
        foreach (var (tick, symbol) in items)
        {
            var offset = tick - origin;
            if (offset % frameTicks != 0)
            {
                return null;
            }
            onGrid.Add((offset / frameTicks, symbol));
        }
        return MarbleRenderer.Render(onGrid);
    }

    private string Draw(Subscription subscription)
    {
        var items = new List<(long, char)> { (subscription.Subscribe, '^') };
        if (subscription.Unsubscribe != Subscription.Infinite) items.Add((subscription.Unsubscribe, '!'));
        return Draw(items) ?? "(off the frame grid)";
    }
}
