using System.Text.Json.Serialization;

namespace RxChat.Server.Core;

/// <summary>Why the edge refused a line, as data; the codec words it.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "$r")]
[JsonDerivedType(typeof(LineTooLong), "too-long")]
[JsonDerivedType(typeof(SlowDown), "slow-down")]
[JsonDerivedType(typeof(Flooding), "flooding")]
[JsonDerivedType(typeof(NoUsernameInTime), "no-username")]
public abstract record Refusal
{
    private protected Refusal() { }
}

/// <summary>The line was longer than <paramref name="MaxBytes"/>; it was dropped.</summary>
public sealed record LineTooLong(int MaxBytes) : Refusal;

/// <summary>Lines came faster than the flood limit; this run of them was dropped.</summary>
public sealed record SlowDown : Refusal
{
    public static readonly SlowDown Instance = new();
}

/// <summary>Too many dropped lines: the sender is cut off.</summary>
public sealed record Flooding : Refusal
{
    public static readonly Flooding Instance = new();
}

/// <summary>No username within the login timeout: the connection is closed.</summary>
public sealed record NoUsernameInTime(TimeSpan Timeout) : Refusal;
