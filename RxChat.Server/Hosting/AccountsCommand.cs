using RxChat.Protocol;
using RxChat.Server.Core;
using RxChat.Server.Log;
using RxChat.Server.Pipeline;

namespace RxChat.Server.Hosting;

/// <summary>
/// <c>RxChat.Server accounts add|remove|list NAME</c>: the operator's side of accounts, for the first
/// account of a server that requires them, a forgotten password, or a name to free. It appends
/// to the same log as the server, so it needs the data directory to itself: with the server
/// running it says so and changes nothing (stop the server, run it, start the server again).
/// The words are read, and their mistakes told, by <see cref="ServerCommandLine"/>.
/// </summary>
public static class AccountsCommand
{
    /// <returns>The exit code: 0 done, 1 refused (nothing changed), 2 cannot run here.</returns>
    /// <param name="natsUrls">The cluster's NATS servers, if configured: this command only writes the embedded log.</param>
    public static int Run(AccountsRequest request, ChatServerOptions options, string? natsUrls, Func<string, string?> askPassword,
        TextWriter output, TextWriter error)
    {
        if (!string.IsNullOrWhiteSpace(natsUrls))
        {
            error.WriteLine("rxchat: accounts: this command writes the embedded log (--data-dir); for a cluster on NATS, " +
                            "register with /register on a node instead; nothing changed");
            return 2;
        }
        var (verb, name) = (request.Verb, request.Name);
        if (options.DataDir == SqliteCommandLog.InMemory)
        {
            error.WriteLine($"rxchat: accounts: --data-dir {SqliteCommandLog.InMemory} keeps nothing: give the server's data directory");
            return 2;
        }

        SqliteCommandLog log;
        try { log = SqliteCommandLog.Open(options.DataDir, durability: options.Durability); }
        catch (LogUnusableException ex)
        {
            error.WriteLine($"rxchat: accounts: {ex.Message}; nothing changed (stop the server first, then run this again)");
            return 2;
        }
        using (log)
        {
            var rules = options.ToChatRules();
            Accounts accounts;
            try { accounts = Replay(log, rules).Accounts; }
            catch (UnknownRulesException ex)
            {
                error.WriteLine($"rxchat: accounts: {ex.Message}; nothing changed");
                return 2;
            }
            switch (verb)
            {
                case "list":
                    foreach (var account in accounts.ByUser.Values.OrderBy(a => a.User, StringComparer.OrdinalIgnoreCase)) output.WriteLine(account.User);
                    return 0;
                case "remove":
                    if (accounts.Find(name!) is not { } removed)
                    {
                        error.WriteLine($"rxchat: accounts: {name} has no account; nothing changed");
                        return 1;
                    }
                    Append(log, options, new RemoveAccount(removed.User));
                    output.WriteLine($"Account of {removed.User} removed");
                    return 0;
            }

            if (rules.WhyNotUsername(name!, ChatState.Create(rules)) is { } problem)
            {
                var why = Protocol.TextCodec.UsernameRefusal(new LoginRefused(default, default, name!, problem, rules.MaxUsernameLength));
                error.WriteLine($"rxchat: accounts: {why}; nothing changed");
                return 1;
            }
            var password = askPassword($"Password for {name}: ");
            if (password is null || password.Length < rules.MinPasswordLength || password.Any(char.IsWhiteSpace))
            {
                error.WriteLine($"rxchat: accounts: a password of at least {rules.MinPasswordLength} characters and no spaces is needed; nothing changed");
                return 1;
            }
            var existing = accounts.Find(name!);
            Append(log, options, new AddAccount(existing?.User ?? name!, PasswordHashing.Hash(password)));
            output.WriteLine(existing is null ? ServerLines.AccountCreated.Render(name!) : $"{ServerLines.PasswordChanged.Render()} for {existing.User}");
            return 0;
        }
    }

    /// <summary>The chat as the log has it: the newest snapshot and every entry after it, decided as the server would.</summary>
    private static ChatState Replay(ICommandLog log, ChatRules rules)
    {
        var state = log.LatestSnapshot()?.ToState(rules) ?? ChatState.Create(rules);
        using (log.Entries(state.Position).Subscribe(batch =>
        {
            // Accounts are decided by the fold too: never under rules this RxChat does not know.
            if (RulesVersion.FirstUnknown(batch) is { } unknown) throw UnknownRulesException.StartedAt(unknown);
            foreach (var entry in batch) state = Chat.Step(state, entry, route: false).State;
        })) { }
        return state;
    }

    private static void Append(ICommandLog log, ChatServerOptions options, Command command) =>
        log.Append([new Stamped(ConnectionId.NodeItself(options.Node), DateTimeOffset.UtcNow, command)]);

    /// <summary>
    /// The password, typed without echo on a terminal (asked twice, so a typo does not lock
    /// the account), or the first line of standard input when it is redirected.
    /// </summary>
    public static string? AskOnConsole(string prompt)
    {
        if (Console.IsInputRedirected) return Console.In.ReadLine()?.Trim();
        var first = ReadHidden(prompt);
        var again = ReadHidden("Again: ");
        if (first == again) return first;
        Console.Error.WriteLine("The two passwords differ.");
        return null;
    }

    private static string ReadHidden(string prompt)
    {
        Console.Error.Write(prompt);
        var typed = RxChat.Protocol.HiddenInput.ReadLine();
        Console.Error.WriteLine();
        return typed;
    }
}
