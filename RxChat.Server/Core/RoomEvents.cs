namespace RxChat.Server.Core;

// Direct messages, topics and removals: what /msg, /topic and /kick make happen.

/// <summary>
/// A direct message from <paramref name="User"/> to <paramref name="ToUser"/>: both are told,
/// nobody else, and no room keeps it.
/// </summary>
public sealed record Told(Stamp At, ConnectionId Who, string User, ConnectionId To, string ToUser, string Text) : ChatEvent(At)
{
    public override ConnectionId? Subject => Who;
}

/// <summary>The room's leader set its topic; the room keeps it for as long as the room exists.</summary>
public sealed record TopicSet(Stamp At, ConnectionId Who, string User, string Room, string Topic) : ChatEvent(At)
{
    public override ConnectionId? Subject => Who;
}

/// <summary>
/// The room's leader (<paramref name="Leader"/>) removed <paramref name="User"/> from the room:
/// the user is in no room, and may not join this one again until <paramref name="Until"/>
/// (the removal's time plus <see cref="ChatRules.KickFor"/>).
/// </summary>
public sealed record Removed(Stamp At, ConnectionId Who, string User, string Room, string Leader, string? Reason, DateTimeOffset Until) : ChatEvent(At)
{
    public override ConnectionId? Subject => Who;
}
