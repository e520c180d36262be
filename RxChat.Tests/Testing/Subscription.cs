using System.Globalization;

namespace RxChat.Tests.Testing;

/// <summary>
/// When an observer subscribed to a testable observable, and when it unsubscribed.
/// </summary>
/// <remarks>
/// A subscription that was never disposed has <see cref="Unsubscribe"/> equal to
/// <see cref="Infinite"/>. Equality is by both times.
/// </remarks>
public readonly struct Subscription : IEquatable<Subscription>
{
    /// <summary>The <see cref="Unsubscribe"/> time of a subscription that is still active.</summary>
    public const long Infinite = long.MaxValue;

    /// <summary>A subscription made at <paramref name="subscribe"/> and never disposed.</summary>
    public Subscription(long subscribe) : this(subscribe, Infinite) { }

    /// <summary>A subscription made at <paramref name="subscribe"/> and disposed at <paramref name="unsubscribe"/>.</summary>
    public Subscription(long subscribe, long unsubscribe)
    {
        Subscribe = subscribe;
        Unsubscribe = unsubscribe;
    }

    /// <summary>Virtual time of the call to <c>Subscribe</c>.</summary>
    public long Subscribe { get; }

    /// <summary>Virtual time of the disposal, or <see cref="Infinite"/>.</summary>
    public long Unsubscribe { get; }

    /// <inheritdoc />
    public bool Equals(Subscription other) => Subscribe == other.Subscribe && Unsubscribe == other.Unsubscribe;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is Subscription other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Subscribe, Unsubscribe);

    /// <summary>Equality by both times.</summary>
    public static bool operator ==(Subscription left, Subscription right) => left.Equals(right);

    /// <summary>Inequality by either time.</summary>
    public static bool operator !=(Subscription left, Subscription right) => !left.Equals(right);

    /// <summary>Renders as <c>(subscribe, unsubscribe)</c> or <c>(subscribe, Infinite)</c>.</summary>
    public override string ToString() =>
        Unsubscribe == Infinite
            ? string.Format(CultureInfo.InvariantCulture, "({0}, Infinite)", Subscribe)
            : string.Format(CultureInfo.InvariantCulture, "({0}, {1})", Subscribe, Unsubscribe);
}
