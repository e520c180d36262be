using System.Text;
using RxChat.Server.Core;
using RxChat.Server.Log;

namespace RxChat.Tests.Server.Log;

/// <summary>
/// The rules version is written in the log: in each node's start and in each snapshot, and
/// what was written before versions were recorded reads as version 1. A snapshot of newer
/// rules is refused, naming both versions.
/// </summary>
public sealed class RulesVersionTests
{
    [Fact]
    public void A_nodes_start_says_the_rules_it_folds_with()
    {
        var stored = Encoding.UTF8.GetString(LogJson.Serialize(StoredEntry.Of(new Stamped(ConnectionId.NodeItself("n1"), LogSamples.Noon, NodeStarted.Instance))));
        Assert.Contains($"\"rules\":{RulesVersion.Current}", stored);
        Assert.Equal(RulesVersion.Current, ((NodeStarted)LogJson.DeserializeEntry(Encoding.UTF8.GetBytes(stored)).Command).Rules);
    }

    [Fact]
    public void A_start_stored_before_versions_were_recorded_reads_as_version_1()
    {
        var stored = Encoding.UTF8.GetString(LogJson.Serialize(StoredEntry.Of(new Stamped(ConnectionId.NodeItself("n1"), LogSamples.Noon, NodeStarted.Instance))));
        var older = stored.Replace($",\"rules\":{RulesVersion.Current}", "", StringComparison.Ordinal);
        Assert.DoesNotContain("rules", older);

        var read = Assert.IsType<NodeStarted>(LogJson.DeserializeEntry(Encoding.UTF8.GetBytes(older)).Command);
        Assert.Equal(RulesVersion.Unrecorded, read.Rules);
        Assert.True(RulesVersion.Knows(read.Rules));
    }

    [Fact]
    public void A_snapshot_says_the_rules_it_was_folded_under_and_an_older_one_reads_as_version_1()
    {
        var snapshot = Encoding.UTF8.GetString(LogJson.Serialize(ChatSnapshot.Of(ChatState.Empty)));
        Assert.Contains($"\"rules\":{RulesVersion.Current}", snapshot);
        var older = snapshot.Replace($",\"rules\":{RulesVersion.Current}", "", StringComparison.Ordinal);
        Assert.Equal(RulesVersion.Unrecorded, LogJson.DeserializeSnapshot(Encoding.UTF8.GetBytes(older)).Rules);
    }

    [Fact]
    public void A_snapshot_of_newer_rules_is_refused_naming_both_versions()
    {
        var newer = ChatSnapshot.Of(ChatState.Empty with { Position = 500 }) with { Rules = RulesVersion.Current + 1 };

        var refused = Assert.Throws<UnknownRulesException>(() => newer.ToState(ChatRules.Default));
        Assert.Equal(
            $"the log was written under rules version {RulesVersion.Current + 1}; this RxChat folds rules version {RulesVersion.Current} " +
            $"(its latest snapshot, at log position 500, was folded under them): upgrade this node to a release that folds version {RulesVersion.Current + 1}",
            refused.Message);
    }

    [Fact]
    public void A_snapshot_of_older_or_the_same_rules_is_folded_on()
    {
        var state = ChatState.Empty with { Position = 9 };
        Assert.Equal(9, (ChatSnapshot.Of(state) with { Rules = RulesVersion.Unrecorded }).ToState(ChatRules.Default).Position);
        Assert.Equal(9, ChatSnapshot.Of(state).ToState(ChatRules.Default).Position);
    }
}
