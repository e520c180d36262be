using RxChat.Server.Core;
using RxChat.Server.Hosting;

namespace RxChat.Tests.Server.Hosting;

/// <summary>The cluster's timing settings: they become the fold's rules, and a timing that would lose live nodes is refused.</summary>
public sealed class ClusterOptionsTests
{
    [Fact]
    public void The_defaults_are_the_rules_defaults()
    {
        var rules = new ClusterOptions().ApplyTo(ChatRules.Default);
        Assert.Equal(ChatRules.Default, rules);
        Assert.Equal((TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(10)), (rules.HeartbeatEvery, rules.NodeTimeout));
    }

    [Fact]
    public void Settings_become_the_rules_the_fold_decides_by()
    {
        var rules = new ClusterOptions { HeartbeatEverySeconds = 0.5, NodeTimeoutSeconds = 3 }.ApplyTo(ChatRules.Default);
        Assert.Equal((TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(3)), (rules.HeartbeatEvery, rules.NodeTimeout));
    }

    [Theory]
    [InlineData(0, 10, "HeartbeatEverySeconds must be more than 0")]
    [InlineData(-1, 10, "HeartbeatEverySeconds must be more than 0")]
    [InlineData(2, 4, "NodeTimeoutSeconds (4) must be more than twice HeartbeatEverySeconds (2)")]
    [InlineData(5, 3, "NodeTimeoutSeconds (3) must be more than twice HeartbeatEverySeconds (5)")]
    public void A_timing_that_could_take_a_live_node_for_lost_is_refused_by_name(double heartbeat, double timeout, string problem)
    {
        var error = Assert.Throws<InvalidSettingException>(() =>
            new ClusterOptions { HeartbeatEverySeconds = heartbeat, NodeTimeoutSeconds = timeout }.ApplyTo(ChatRules.Default));
        Assert.Contains(problem, error.Message);
    }
}
