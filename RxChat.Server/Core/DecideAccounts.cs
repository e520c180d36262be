namespace RxChat.Server.Core;

/// <summary>Accounts, decided: the edge has already hashed or checked every password.</summary>
public static partial class Chat
{
    /// <summary>
    /// Why a name that is otherwise fine may not log in with the proof it brings. A proof
    /// (the account version the password was right for) counts only while that version is
    /// current; a login without one is refused when the name has an account the edge did
    /// not know of yet, or when accounts are required.
    /// </summary>
    private static NameProblem? WhyNotAccount(ChatState state, string username, long? proof)
    {
        var account = state.Accounts.Find(username);
        if (account is not null) return account.Version == proof ? null : NameProblem.AccountChanged;
        if (state.Rules.AccountsRequired) return proof is null ? NameProblem.NotRegistered : NameProblem.AccountChanged;
        return null; // no account (any more): the name is anyone's, as in Part 1
    }

    private static IReadOnlyList<ChatEvent> AskForPassword(ChatState state, Stamp at, Client sender, AskPassword ask)
    {
        if (state.Rules.WhyNotUsername(ask.Username, state) is { } problem) return RefuseLogin(state, at, sender, ask.Username, problem);
        return state.Accounts.IsCurrent(ask.Username, ask.Account)
            ? [new PasswordAsked(at, sender.Id, state.Accounts.Find(ask.Username)!.User, ask.InClear)]
            : RefuseLogin(state, at, sender, ask.Username, NameProblem.AccountChanged);
    }

    private static IReadOnlyList<ChatEvent> Register(ChatState state, Stamp at, Client sender, Register register)
    {
        if (WhyNotRegister(state.Accounts, state.Rules, sender.Username!, at.Time) is { } refused) return Answer(at, sender, refused);
        return register.Hash is { } hash
            ? [new AccountCreated(at, sender.Id, sender.Username!, hash, register.InClear)]
            : Answer(at, sender, RegisterAgain.Instance);
    }

    /// <summary>
    /// Why <paramref name="user"/> may not <c>/register</c> at <paramref name="now"/>, if it may
    /// not: the checks that cost nothing. The edge asks first, against the accounts it last saw,
    /// so a refused <c>/register</c> costs no hash; the fold asks again, and its answer holds.
    /// </summary>
    public static Answer? WhyNotRegister(Accounts accounts, ChatRules rules, string user, DateTimeOffset now)
    {
        if (accounts.Find(user) is { } account) return new AlreadyRegistered(account.User);
        if (accounts.LooksLike(user) is not null) return new LooksLikeRegistered(user);
        if (rules.MaxAccounts > 0 && accounts.Count >= rules.MaxAccounts) return new AccountsFull(rules.MaxAccounts);
        if (rules.MaxRegistrations > 0)
        {
            var (count, earliest) = accounts.RegisteredAfter(now - rules.RegistrationWindow);
            if (count >= rules.MaxRegistrations) return new RegistrationsPaused(earliest!.Value + rules.RegistrationWindow - now);
        }
        return null;
    }

    private static IReadOnlyList<ChatEvent> ChangePassword(ChatState state, Stamp at, Client sender, ChangePassword change) =>
        state.Accounts.IsCurrent(sender.Username!, change.Account)
            ? [new PasswordChanged(at, sender.Id, state.Accounts.Find(sender.Username!)!.User, change.Hash)]
            : Answer(at, sender, PasswordChangedMeanwhile.Instance);

    /// <summary>The operator's <c>accounts add</c>: makes the account, or sets a new password on an existing one.</summary>
    private static IReadOnlyList<ChatEvent> SetAccount(ChatState state, Stamp at, ConnectionId by, AddAccount add) =>
        state.Accounts.Find(add.Username) is { } account
            ? [new PasswordChanged(at, by, account.User, add.Hash)]
            : [new AccountCreated(at, by, add.Username, add.Hash, InClear: false)];

    private static ChatState Evolve(ChatState state, Account account) => state with { Accounts = state.Accounts.With(account) };

    /// <summary>A new account; one made by a connection's <c>/register</c> (not the operator, the node itself) counts in the registration rate.</summary>
    private static ChatState Evolve(ChatState state, AccountCreated created) => Evolve(state,
        new Account(created.User, created.Hash, created.At.Position, created.Who.Number == 0 ? null : created.At.Time));

    /// <summary>A new password keeps when the account was registered.</summary>
    private static ChatState Evolve(ChatState state, PasswordChanged changed) => Evolve(state,
        state.Accounts.Find(changed.User) is { } account
            ? account with { Hash = changed.Hash, Version = changed.At.Position }
            : new Account(changed.User, changed.Hash, changed.At.Position));
}
