using System.Text;

namespace RxChat.Tests.Testing;

/// <summary>
/// Comparison of recorded timelines that, on failure, prints both timelines in full: a
/// timing bug is usually obvious once the two lists are seen one above the other.
/// </summary>
public static class ReactiveAssert
{
    /// <summary>Passes when <paramref name="actual"/> has exactly the <paramref name="expected"/>
    /// elements in the same order; each expected element is asked to equal its actual one (so
    /// predicate notifications work). Throws <see cref="TimelineMismatchException"/> otherwise.</summary>
    public static void AssertEqual<T>(this IEnumerable<T> actual, params T[] expected)
    {
        ArgumentNullException.ThrowIfNull(actual);
        AreElementsEqual(expected, actual);
    }

    /// <summary>As <see cref="AssertEqual{T}(IEnumerable{T}, T[])"/>, with the arguments in the
    /// order of Rx.NET's <c>ReactiveAssert.AreElementsEqual</c>.</summary>
    public static void AreElementsEqual<T>(IEnumerable<T> expected, IEnumerable<T> actual)
    {
        var expectedList = expected.ToList();
        var actualList = actual.ToList();
        var same = expectedList.Count == actualList.Count
            && expectedList.Zip(actualList).All(pair => EqualityComparer<T>.Default.Equals(pair.First, pair.Second));
        if (same)
        {
            return;
        }

        var message = new StringBuilder()
            .AppendLine("Timelines differ.")
            .Append("  expected: ").AppendLine(string.Join(", ", expectedList))
            .Append("  actual:   ").AppendLine(string.Join(", ", actualList));
        throw new TimelineMismatchException(message.ToString());
    }
}

/// <summary>Thrown when an actual timeline is not the expected one; the message shows both.</summary>
public sealed class TimelineMismatchException(string message) : Exception(message);
