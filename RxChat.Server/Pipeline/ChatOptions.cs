using RxChat.Server.Core;

namespace RxChat.Server.Pipeline;

/// <summary>What the pipeline needs to know beyond its inputs.</summary>
public sealed record ChatOptions
{
    public ChatRules Rules { get; init; } = ChatRules.Default;

    /// <summary>A connection that has not sent its username by then is closed.</summary>
    public TimeSpan LoginTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Longest accepted line in bytes (for the error line; the framer enforces it).</summary>
    public int MaxLineBytes { get; init; } = 4096;

    /// <summary>How fast each connection may send lines (<see cref="FloodLimits.Off"/> for no limit).</summary>
    public FloodLimits Flood { get; init; } = FloodLimits.Default;

    /// <summary>The zone of the <c>[HH:MM:SS]</c> clock; the server's local zone unless configured.</summary>
    public TimeZoneInfo TimeZone { get; init; } = TimeZoneInfo.Local;
}
