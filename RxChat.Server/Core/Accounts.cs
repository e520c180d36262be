using System.Collections.Immutable;

namespace RxChat.Server.Core;

/// <summary>
/// A registered username: the salted slow hash of its password (never the password) and
/// the log position that set it. The version is what a password was checked against at
/// the edge; <c>Decide</c> accepts that proof only while the version is still current, so
/// a password changed meanwhile is not bypassed.
/// </summary>
/// <param name="Registered">When <c>/register</c> made it (log time); null for an account the operator made. What the registration rate counts.</param>
public sealed record Account(string User, string Hash, long Version, DateTimeOffset? Registered = null);

/// <summary>
/// Every account, by username compared as <see cref="UsernameKey"/> does ("Alice" and "alice"
/// are one account), and by look-alike (<see cref="Confusables.Skeleton"/>), so a name that
/// could pass for a registered one is found without looking at every account.
/// </summary>
public sealed record Accounts(ImmutableDictionary<string, Account> ByUser)
{
    public static readonly Accounts None = new(ImmutableDictionary.Create<string, Account>(UsernameKey.Comparer));

    /// <summary>Registered names by skeleton; the first account with a skeleton keeps it.</summary>
    private ImmutableDictionary<string, string> BySkeleton { get; init; } = ImmutableDictionary.Create<string, string>(StringComparer.Ordinal);

    /// <summary>
    /// The accounts of a snapshot. Two that compare as one name (made before names were
    /// compared this way) keep the older one: a snapshot is never a reason not to start.
    /// </summary>
    public static Accounts Of(IEnumerable<Account> accounts) =>
        accounts.OrderBy(a => a.Version).Aggregate(None, (all, account) => all.Find(account.User) is null ? all.With(account) : all);

    public int Count => ByUser.Count;

    public Account? Find(string user) => ByUser.TryGetValue(user, out var account) ? account : null;

    /// <summary>The registered name <paramref name="user"/> could pass for, when it is not that name itself.</summary>
    public string? LooksLike(string user) =>
        Find(user) is null && BySkeleton.TryGetValue(Confusables.Skeleton(user), out var registered) ? registered : null;

    /// <summary>Whether <paramref name="proof"/> is the current version of <paramref name="user"/>'s account.</summary>
    public bool IsCurrent(string user, long proof) => Find(user)?.Version == proof;

    /// <summary>Accounts made by <c>/register</c> after <paramref name="since"/>, and the earliest of them.</summary>
    public (int Count, DateTimeOffset? Earliest) RegisteredAfter(DateTimeOffset since)
    {
        int count = 0;
        DateTimeOffset? earliest = null;
        foreach (var account in ByUser.Values)
        {
            if (account.Registered is not { } at || at <= since) continue;
            count++;
            if (earliest is null || at < earliest) earliest = at;
        }
        return (count, earliest);
    }

    public Accounts With(Account account)
    {
        var bySkeleton = BySkeleton;
        foreach (var skeleton in Confusables.SkeletonsOf(account.User))
            if (!bySkeleton.ContainsKey(skeleton)) bySkeleton = bySkeleton.Add(skeleton, account.User);
        return this with { ByUser = ByUser.SetItem(account.User, account), BySkeleton = bySkeleton };
    }

    public Accounts Without(string user)
    {
        if (Find(user) is not { } account) return this;
        var left = this with { ByUser = ByUser.Remove(user) };
        foreach (var skeleton in Confusables.SkeletonsOf(account.User))
        {
            if (!left.BySkeleton.TryGetValue(skeleton, out var holder) || !UsernameKey.Comparer.Equals(holder, account.User)) continue;
            // Another account with the same skeleton (made before look-alikes were refused) takes it over.
            var heir = left.ByUser.Values.Where(a => Confusables.SkeletonsOf(a.User).Contains(skeleton)).OrderBy(a => a.Version).FirstOrDefault();
            left = left with { BySkeleton = heir is null ? left.BySkeleton.Remove(skeleton) : left.BySkeleton.SetItem(skeleton, heir.User) };
        }
        return left;
    }
}
