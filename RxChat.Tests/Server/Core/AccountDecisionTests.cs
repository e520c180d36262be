using RxChat.Server.Core;

namespace RxChat.Tests.Server.Core;

/// <summary>
/// Accounts in the pure core: Decide only ever sees hashes and the edge's verdicts, and
/// takes a verdict only while the account version it was checked against is current.
/// </summary>
public sealed class AccountDecisionTests
{
    private static ChatDriver AliceRegistered(ChatRules? rules = null) =>
        new ChatDriver(rules).Connect("alice").Send("alice", new Register("hash-1", InClear: false)).Send("alice", Quit.Instance);

    private static long VersionOf(ChatDriver chat, string user) => chat.State.Accounts.Find(user)!.Version;

    [Fact]
    public void Register_claims_the_name_once_and_the_account_outlives_the_connection()
    {
        var chat = new ChatDriver().Connect("alice").Send("alice", new Register("hash-1", InClear: false));
        Assert.Equal([("alice", "Account created for alice")], chat.Told);
        chat.Send("alice", new Register("hash-2", InClear: false));
        Assert.Equal([("alice", "alice is already registered")], chat.Told);
        chat.Send("alice", Quit.Instance);
        Assert.Equal("hash-1", chat.State.Accounts.Find("Alice")!.Hash);
    }

    [Fact]
    public void A_registered_name_is_asked_for_its_password_and_a_current_proof_logs_in()
    {
        var chat = AliceRegistered();
        long version = VersionOf(chat, "alice");
        chat.Connect("again", "ALICE"); // a Login without proof: the edge did not know of the account
        Assert.Equal([("again", "The account ALICE changed meanwhile: log in again")], chat.Told);

        chat.ConnectOnly("third").Send("third", new AskPassword("Alice", version, InClear: true));
        Assert.Equal(["Warning: this connection is not encrypted; your password travels in clear", "Password for alice:"], chat.LinesTo("third"));
        chat.Send("third", new Login("Alice", version));
        Assert.Equal([("third", "Welcome to the chat server!")], chat.Told);
    }

    [Fact]
    public void A_proof_checked_against_a_password_changed_meanwhile_is_refused()
    {
        var chat = AliceRegistered();
        long old = VersionOf(chat, "alice");
        chat.ConnectOnly("guesser").Send("guesser", new AskPassword("alice", old, InClear: false));
        chat.FromNode("local", new AddAccount("alice", "hash-2")); // the operator sets a new password
        Assert.NotEqual(old, VersionOf(chat, "alice"));

        chat.Send("guesser", new Login("alice", old));
        Assert.Equal([("guesser", "The account alice changed meanwhile: log in again")], chat.Told);
        Assert.Equal(["guesser"], chat.HungUp);
    }

    [Fact]
    public void A_wrong_password_refuses_the_login_and_closes_the_connection()
    {
        var chat = AliceRegistered().ConnectOnly("guesser").Send("guesser", new WrongPassword("alice"));
        Assert.Equal([("guesser", "Wrong password")], chat.Told);
        Assert.Equal(["guesser"], chat.HungUp);
        Assert.Empty(chat.State.Usernames);
    }

    [Fact]
    public void A_password_change_counts_only_against_the_current_version()
    {
        var chat = new ChatDriver().Connect("alice").Send("alice", new Register("hash-1", InClear: false));
        long first = VersionOf(chat, "alice");
        chat.Send("alice", new ChangePassword("hash-2", first));
        Assert.Equal([("alice", "Password changed")], chat.Told);
        chat.Send("alice", new ChangePassword("hash-3", first));
        Assert.Equal([("alice", "Password not changed: it changed meanwhile, try again")], chat.Told);
        Assert.Equal("hash-2", chat.State.Accounts.Find("alice")!.Hash);
    }

    [Fact]
    public void Accounts_required_refuses_names_without_one()
    {
        var chat = AliceRegistered(ChatRules.Default with { AccountsRequired = true });
        // alice registered while accounts were not yet required (the driver's Connect logs in without a proof)
        chat.Connect("mallory");
        Assert.Equal([("mallory", "Only registered users may log in here, and mallory has no account")], chat.Told);
        Assert.Equal(["mallory"], chat.HungUp);
    }

    [Fact]
    public void The_operator_adds_and_removes_accounts_and_a_removed_name_is_anyones_again()
    {
        var chat = new ChatDriver().FromNode("admin", new AddAccount("carol", "hash-1"));
        Assert.NotNull(chat.State.Accounts.Find("carol"));
        chat.FromNode("admin", new RemoveAccount("CAROL"));
        Assert.Equal(0, chat.State.Accounts.Count);
        chat.Connect("carol");
        Assert.Equal([("carol", "Welcome to the chat server!")], chat.Told);
    }

    [Theory]
    [InlineData("bob: I am the real bob")]
    [InlineData("bob:")]
    [InlineData("bob joined the room")]
    [InlineData("x, bob")]
    [InlineData("bob (leader)")]
    [InlineData("em\u2003space")]
    [InlineData("no\u00A0break")]
    public void A_name_that_could_forge_a_line_is_refused(string wanted)
    {
        var chat = new ChatDriver().Connect("x", wanted);
        Assert.Equal([("x", "Username must not contain spaces or ':'")], chat.Told);
        Assert.Equal(["x"], chat.HungUp);
    }
}
