using System.Collections.Immutable;

namespace RxChat.Server.Core;

/// <summary>A user removed from a room may not join it again before <paramref name="Until"/> (log time).</summary>
public sealed record Ban(string Room, string User, DateTimeOffset Until);

/// <summary>
/// Who may not join which room yet, after a <c>/kick</c>. Times are the log's (the removal's
/// stamp plus <see cref="ChatRules.KickFor"/>), never a clock, so every node and every replay
/// decides the same. Bans past their time are dropped at the next removal, so the list holds
/// at most the removals of one <see cref="ChatRules.KickFor"/>.
/// </summary>
public sealed record Bans(ImmutableList<Ban> All)
{
    public static readonly Bans None = new(ImmutableList<Ban>.Empty);

    /// <summary>Until when <paramref name="user"/> (any case) may not join <paramref name="room"/>, if that is after <paramref name="now"/>.</summary>
    public DateTimeOffset? Until(string room, string user, DateTimeOffset now)
    {
        foreach (var ban in All)
            if (ban.Room == room && string.Equals(ban.User, user, StringComparison.OrdinalIgnoreCase) && ban.Until > now) return ban.Until;
        return null;
    }

    /// <summary>These bans with <paramref name="ban"/> (replacing an earlier one of the same user and room), those over at <paramref name="now"/> dropped.</summary>
    public Bans With(Ban ban, DateTimeOffset now) => new(All
        .RemoveAll(b => b.Until <= now || (b.Room == ban.Room && string.Equals(b.User, ban.User, StringComparison.OrdinalIgnoreCase)))
        .Add(ban));
}
