using RxChat.Server.Core;

namespace RxChat.Tests.Server.Core;

/// <summary>
/// The server-wide bounds on <c>/register</c>, decided by the fold on log time so every node
/// agrees: a cap on accounts and a rate (30 per 10 minutes by default). The operator is bound by neither.
/// </summary>
public sealed class RegistrationLimitTests
{
    private static ChatDriver Registering(ChatRules rules, params string[] names)
    {
        var chat = new ChatDriver(rules);
        foreach (var name in names) chat.Connect(name).Send(name, new Register($"hash-of-{name}", InClear: false));
        return chat;
    }

    [Fact]
    public void Past_the_cap_register_is_refused_with_the_cap_said()
    {
        var chat = Registering(ChatRules.Default with { MaxAccounts = 2 }, "u1", "u2", "u3");
        Assert.Equal("No more accounts can be made here (max 2)", chat.LinesTo("u3")[^1]);
        Assert.Equal(2, chat.State.Accounts.Count);

        chat.FromNode("local", new AddAccount("ops", "hash-ops")); // the operator's own are not bound by it
        Assert.Equal(3, chat.State.Accounts.Count);
    }

    [Fact]
    public void Past_the_rate_register_waits_for_the_window_and_then_works()
    {
        var chat = Registering(ChatRules.Default with { MaxRegistrations = 2, RegistrationWindow = TimeSpan.FromMinutes(10) }, "u1");
        chat.Clock += TimeSpan.FromMinutes(4);
        chat.Connect("u2").Send("u2", new Register("hash-2", InClear: false));
        chat.Clock += TimeSpan.FromMinutes(1);
        chat.Connect("u3").Send("u3", new Register("hash-3", InClear: false));
        Assert.Equal("Too many new accounts lately: try again in 300 s", chat.LinesTo("u3")[^1]);
        Assert.Null(chat.State.Accounts.Find("u3"));

        chat.Clock += TimeSpan.FromMinutes(5); // u1's registration leaves the window
        chat.Send("u3", new Register("hash-3", InClear: false));
        Assert.Equal("Account created for u3", chat.LinesTo("u3")[^1]);
    }

    [Fact]
    public void Accounts_the_operator_made_and_password_changes_do_not_count_in_the_rate()
    {
        var chat = new ChatDriver(ChatRules.Default with { MaxRegistrations = 1 });
        chat.FromNode("local", new AddAccount("ops", "hash-ops"));
        chat.Connect("u1").Send("u1", new Register("hash-1", InClear: false));
        Assert.Equal("Account created for u1", chat.LinesTo("u1")[^1]);
        chat.Send("u1", new ChangePassword("hash-1b", chat.State.Accounts.Find("u1")!.Version));
        Assert.Equal(chat.Clock, chat.State.Accounts.Find("u1")!.Registered); // kept through the change
    }

    [Fact]
    public void A_register_the_edge_did_not_hash_says_why_or_asks_to_try_again()
    {
        var chat = Registering(ChatRules.Default, "alice");
        chat.Send("alice", new Register(Hash: null, InClear: false));
        Assert.Equal("alice is already registered", chat.LinesTo("alice")[^1]);

        chat.Connect("bob").Send("bob", new Register(Hash: null, InClear: false)); // nothing refuses it by the time it is folded
        Assert.Equal("Account not created: try again", chat.LinesTo("bob")[^1]);
        Assert.Null(chat.State.Accounts.Find("bob"));
    }
}
