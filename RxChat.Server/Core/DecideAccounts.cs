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

    private static IReadOnlyList<ChatEvent> Register(ChatState state, Stamp at, Client sender, Register register) =>
        state.Accounts.Find(sender.Username!) is { } account
            ? Answer(at, sender, new AlreadyRegistered(account.User))
            : [new AccountCreated(at, sender.Id, sender.Username!, register.Hash, register.InClear)];

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
}
