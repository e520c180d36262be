using RxChat.Server.Core;
using RxChat.Simulation;

namespace RxChat.Tests.Simulation;

/// <summary>
/// Each of the other invariants, shown failing on a rule broken for it: wrappers around the
/// real step, as the mutants are, so the checks are known to bite.
/// </summary>
public class InvariantTests
{
    private static readonly Plan Busy = PlanGenerator.Generate(3, 120);

    [Fact]
    public void Rules_that_are_not_a_function_of_the_log_make_the_fingerprints_differ()
    {
        int calls = 0;
        // Forgets the rooms' history now and then, depending on how often it was called: nodes fold alike no more.
        FoldRule forgetful = (state, entry, route) =>
        {
            var step = Chat.Step(state, entry, route);
            return ++calls % 5 == 0 ? new ChatStep(step.State with { History = RoomHistories.Empty }, step.Happened, step.Skipped) : step;
        };

        var result = Simulator.Run(Busy, forgetful);

        Assert.Equal(Invariant.FingerprintsAgree, result.Violation?.Invariant);
    }

    [Fact]
    public void A_chat_line_routed_to_every_user_reaches_someone_it_should_not()
    {
        FoldRule leaky = (state, entry, route) =>
        {
            var step = Chat.Step(state, entry, route);
            return new ChatStep(step.State, [.. step.Happened.Select(h => h.Event is Said said && route
                ? h with { Deliveries = [new Delivery(said, Audience.Others, Recipients.AllUsers(h.After, said.Who))] }
                : h)], step.Skipped);
        };

        var result = Simulator.Run(Busy, leaky);

        Assert.Equal(Invariant.LineOnlyToMembers, result.Violation?.Invariant);
    }

    [Fact]
    public void A_chat_line_routed_to_nobody_does_not_reach_the_members()
    {
        FoldRule mute = (state, entry, route) =>
        {
            var step = Chat.Step(state, entry, route);
            return new ChatStep(step.State, [.. step.Happened.Select(h => h.Event is Said ? h with { Deliveries = [] } : h)], step.Skipped);
        };

        var result = Simulator.Run(Busy, mute);

        Assert.Equal(Invariant.LineReachesMembers, result.Violation?.Invariant);
    }

    [Fact]
    public void The_real_rules_pass_the_plan_the_broken_ones_fail()
    {
        Assert.True(Simulator.Run(Busy).Passed);
    }
}
