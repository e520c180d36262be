using System.Collections.Immutable;

namespace RxChat.Server.Core;

/// <summary>
/// A registered username: the salted slow hash of its password (never the password) and
/// the log position that set it. The version is what a password was checked against at
/// the edge; <c>Decide</c> accepts that proof only while the version is still current, so
/// a password changed meanwhile is not bypassed.
/// </summary>
public sealed record Account(string User, string Hash, long Version);

/// <summary>Every account, by username, case-insensitive ("Alice" and "alice" are one account).</summary>
public sealed record Accounts(ImmutableDictionary<string, Account> ByUser)
{
    public static readonly Accounts None = new(ImmutableDictionary.Create<string, Account>(StringComparer.OrdinalIgnoreCase));

    public static Accounts Of(IEnumerable<Account> accounts) =>
        new(None.ByUser.AddRange(accounts.Select(a => KeyValuePair.Create(a.User, a))));

    public int Count => ByUser.Count;

    public Account? Find(string user) => ByUser.TryGetValue(user, out var account) ? account : null;

    /// <summary>Whether <paramref name="proof"/> is the current version of <paramref name="user"/>'s account.</summary>
    public bool IsCurrent(string user, long proof) => Find(user)?.Version == proof;

    public Accounts With(Account account) => new(ByUser.SetItem(account.User, account));

    public Accounts Without(string user) => new(ByUser.Remove(user));
}
