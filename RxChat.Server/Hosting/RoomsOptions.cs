using RxChat.Server.Core;

namespace RxChat.Server.Hosting;

/// <summary>What a room's leader may do (<c>RxChat:Rooms</c>; PROTOCOL.md Part 3).</summary>
public sealed record RoomsOptions
{
    /// <summary>Seconds a user removed from a room with <c>/kick</c> may not join it again (0: at once). Every node of a cluster must use the same.</summary>
    public int KickSeconds { get; set; } = (int)ChatRules.Default.KickFor.TotalSeconds;

    /// <summary><paramref name="rules"/> with this removal time, or why it cannot be used.</summary>
    public ChatRules ApplyTo(ChatRules rules) => KickSeconds >= 0
        ? rules with { KickFor = TimeSpan.FromSeconds(KickSeconds) }
        : throw new InvalidSettingException($"RxChat:Rooms:KickSeconds must be 0 or more (it is {KickSeconds})");
}
