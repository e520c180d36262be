using System.Reactive.Linq;
using System.Text;
using RxChat.Server.Core;
using RxChat.Server.Log;
using RxChat.Server.Pipeline;
using RxChat.Server.Protocol;
using RxChat.Tests.Support;
using static RxChat.Tests.Server.Log.LogSamples;

namespace RxChat.Tests.Server.Log;

/// <summary>Accounts live in the log: a fresh fold of it, or a snapshot, brings them back; a password never gets in.</summary>
public sealed class AccountLogTests
{
    private static readonly string AliceHash = PasswordHashing.Hash("correct-horse");

    private static IReadOnlyList<Stamped> AliceRegisters() =>
    [
        Stamp(Connected.Instance, Alice), Stamp(new Login("alice"), Alice),
        Stamp(new Register(AliceHash, InClear: true), Alice, 1), Stamp(Quit.Instance, Alice, 2),
    ];

    [Fact]
    public void An_account_arrives_on_a_fresh_fold_of_the_log()
    {
        using var dir = new TempDataDir();
        using (var log = SqliteCommandLog.Open(dir.Path)) log.Append(AliceRegisters());

        using var reopened = SqliteCommandLog.Open(dir.Path);
        var state = ChatState.Empty;
        using (reopened.EntriesOneByOne(0).Subscribe(entry => state = Chat.Step(state, entry).State)) { }

        var account = state.Accounts.Find("ALICE");
        Assert.NotNull(account);
        Assert.Equal("alice", account.User);
        Assert.True(PasswordHashing.Verify(account.Hash, "correct-horse"));
        Assert.Equal(3, account.Version); // the position of the entry that set it
        Assert.Empty(state.Clients); // alice herself is gone; her account stays
    }

    [Fact]
    public void A_snapshot_keeps_the_accounts_and_an_older_snapshot_without_them_has_none()
    {
        var state = ChatState.Empty;
        long position = 0;
        foreach (var command in AliceRegisters()) state = Chat.Step(state, StoredEntry.Of(command).At(++position)).State;

        var back = LogJson.DeserializeSnapshot(LogJson.Serialize(ChatSnapshot.Of(state))).ToState(state.Rules);
        Assert.Equal(state.Accounts.ByUser.Values, back.Accounts.ByUser.Values);
        Assert.NotNull(back.Accounts.Find("Alice")); // still case-insensitive after the round trip

        var formatOne = """{"format":1,"position":9,"clients":[],"histories":[]}"""u8;
        Assert.Equal(0, LogJson.DeserializeSnapshot(formatOne).ToState(ChatRules.Default).Accounts.Count);
    }

    [Fact]
    public void A_line_holding_a_password_cannot_be_stored_by_mistake()
    {
        using var log = SqliteCommandLog.Open(":memory:");

        Assert.ThrowsAny<Exception>(() => log.Append([Stamp(new RegisterPassword("correct-horse"), Alice)]));
        Assert.DoesNotContain("correct-horse", new RegisterPassword("correct-horse").ToString());
        Assert.DoesNotContain("horse", new ChangeMyPassword("old-horse", "new-horse").ToString());
    }

    [Fact]
    public void What_the_log_writes_for_account_commands_holds_hashes_and_never_a_password()
    {
        var bytes = LogJson.Serialize(StoredEntry.Of(AliceRegisters()[2]));

        Assert.Equal(AliceHash, Assert.IsType<Register>(LogJson.DeserializeEntry(bytes).Command).Hash);
        Assert.DoesNotContain("correct-horse", Encoding.UTF8.GetString(bytes));
    }
}
