using System.Globalization;
using System.Text.RegularExpressions;
using RxChat.Scenarios;

namespace RxChat.Conformance;

/// <summary>
/// Compares what each person received over the wire with the diagram. Lines must match one by
/// one, in order, the server's hangup included. Over real time a clock reading can't match the
/// drawing's, so a stamp <c>[HH:MM:SS]</c> is checked for its shape and its order: a person's
/// stamps go forward where the drawn ones do (history goes back where drawn), and a line drawn
/// with the same stamp and words wherever it is drawn arrives with the same stamp everywhere.
/// </summary>
internal static partial class WireVerdict
{
    /// <summary>Null when everyone received what is drawn; otherwise the first difference, in one line.</summary>
    public static string? FirstDifference(ChatScenario scenario, IReadOnlyDictionary<string, IReadOnlyList<string?>> actual)
    {
        var sameEvent = new Dictionary<string, (string Client, string Actual)>(StringComparer.Ordinal);
        foreach (var client in scenario.Clients)
        {
            var expected = client.Expected.Select(r => r.Line).ToList();
            var got = actual[client.Name];
            for (var i = 0; i < Math.Max(expected.Count, got.Count); i++)
            {
                if (i >= expected.Count) return $"{client.Name}, line {i + 1}: expected nothing more, received {Show(got[i])}";
                if (i >= got.Count) return $"{client.Name}, line {i + 1}: expected {Show(expected[i])}, received nothing";
                if (!Matches(expected[i], got[i])) return $"{client.Name}, line {i + 1}: expected {Show(expected[i])}, received {Show(got[i])}";
            }
            if (OutOfOrder(client.Name, expected, got) is { } disorder) return disorder;
            for (var i = 0; i < expected.Count; i++)
            {
                if (expected[i] is not { } drawn || !Stamp().IsMatch(drawn)) continue;
                if (sameEvent.TryGetValue(drawn, out var first) && first.Actual != got[i])
                {
                    return $"{client.Name}, line {i + 1}: received {Show(got[i])}, but {first.Client} received the same line as {Show(first.Actual)}";
                }
                sameEvent.TryAdd(drawn, (client.Name, got[i]!));
            }
        }
        return null;
    }

    /// <summary>Equal, or both stamped and equal after the stamp (the received one a real time of day).</summary>
    private static bool Matches(string? expected, string? received)
    {
        if (expected is null || received is null) return expected == received;
        if (Stamp().Match(expected) is not { Success: true } drawn) return expected == received;
        return Stamp().Match(received) is { Success: true } got && SecondOfDay(got) is not null
            && expected[drawn.Length..] == received[got.Length..];
    }

    /// <summary>The first pair of stamped lines whose received times run the other way than the drawn ones.</summary>
    private static string? OutOfOrder(string client, List<string?> expected, IReadOnlyList<string?> received)
    {
        int? previous = null;
        foreach (var i in Enumerable.Range(0, expected.Count).Where(i => expected[i] is { } line && Stamp().IsMatch(line)))
        {
            if (previous is { } p)
            {
                var drawnForward = Forward(SecondOfDay(Stamp().Match(expected[p]!))!.Value, SecondOfDay(Stamp().Match(expected[i]!))!.Value);
                var receivedForward = Forward(SecondOfDay(Stamp().Match(received[p]!))!.Value, SecondOfDay(Stamp().Match(received[i]!))!.Value);
                var drawnBack = expected[p]![..10] != expected[i]![..10] && !drawnForward;
                var receivedSame = received[p]![..10] == received[i]![..10];
                // Same drawn second: the real one may have ticked on meanwhile, never back.
                if (!receivedSame && receivedForward == drawnBack)
                {
                    return $"{client}, line {i + 1}: {Show(received[i])} is stamped {(receivedForward ? "after" : "before")} line {p + 1}, {Show(received[p])}; the diagram has it the other way";
                }
            }
            previous = i;
        }
        return null;
    }

    /// <summary>Whether <paramref name="to"/> is later than <paramref name="from"/> on a clock that rolls over at midnight.</summary>
    private static bool Forward(int from, int to) => (to - from + 86_400) % 86_400 is > 0 and < 43_200;

    private static int? SecondOfDay(Match stamp)
    {
        int Part(int group) => int.Parse(stamp.Groups[group].Value, CultureInfo.InvariantCulture);
        return Part(1) < 24 && Part(2) < 60 && Part(3) < 60 ? Part(1) * 3600 + Part(2) * 60 + Part(3) : null;
    }

    private static string Show(string? line) => line is null ? "the server closing the connection" : $"\"{line}\"";

    [GeneratedRegex(@"^\[(\d\d):(\d\d):(\d\d)\] ")]
    private static partial Regex Stamp();
}
