namespace RxChat.Tests.Testing;

/// <summary>
/// A value stamped with the virtual time at which it was observed or is to be produced.
/// </summary>
/// <typeparam name="T">The recorded value; in practice a <see cref="System.Reactive.Notification{T}"/>.</typeparam>
/// <remarks>
/// Two records are equal when their times are equal and their values are equal by
/// <see cref="EqualityComparer{T}.Default"/>, so a list of expected records can be compared
/// element by element with what a <see cref="ITestableObserver{T}"/> saw.
/// </remarks>
public readonly struct Recorded<T> : IEquatable<Recorded<T>>
{
    /// <summary>Creates a record of <paramref name="value"/> at virtual time <paramref name="time"/>.</summary>
    public Recorded(long time, T value)
    {
        Time = time;
        Value = value;
    }

    /// <summary>The virtual time, in ticks.</summary>
    public long Time { get; }

    /// <summary>The recorded value.</summary>
    public T Value { get; }

    /// <summary>True when both time and value are equal; the value of <c>this</c> is asked first,
    /// so an expected record may carry a predicate notification that matches many actual ones.</summary>
    public bool Equals(Recorded<T> other) =>
        Time == other.Time && EqualityComparer<T>.Default.Equals(Value, other.Value);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is Recorded<T> other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Time, Value);

    /// <summary>Value equality, as <see cref="Equals(Recorded{T})"/>.</summary>
    public static bool operator ==(Recorded<T> left, Recorded<T> right) => left.Equals(right);

    /// <summary>Value inequality, as the negation of <see cref="Equals(Recorded{T})"/>.</summary>
    public static bool operator !=(Recorded<T> left, Recorded<T> right) => !left.Equals(right);

    /// <summary>Renders as <c>value@time</c>, the form Rx.NET's own test output uses.</summary>
    public override string ToString() => $"{Value}@{Time}";
}
