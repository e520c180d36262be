using RxChat.Simulation;

namespace RxChat.Tests.Simulation;

/// <summary>One seed, one run: the whole trace (every act, append, fold and fingerprint) is a function of the seed.</summary>
public class SimulationReproducibilityTests
{
    [Fact]
    public void The_same_seed_plays_the_same_trace()
    {
        var first = Simulator.Run(PlanGenerator.Generate(7, 150));
        var second = Simulator.Run(PlanGenerator.Generate(7, 150));

        Assert.True(first.Trace.Count > 150, "the trace records more than the acts");
        Assert.Equal(first.Trace, second.Trace);
        Assert.Equal(first.Received.Keys.Order(), second.Received.Keys.Order());
    }

    [Fact]
    public void Different_seeds_play_different_traces()
    {
        var seven = Simulator.Run(PlanGenerator.Generate(7, 150));
        var eight = Simulator.Run(PlanGenerator.Generate(8, 150));

        Assert.NotEqual(seven.Trace, eight.Trace);
    }

    [Fact]
    public void The_command_prints_the_same_run_for_the_same_seed()
    {
        var (code, first, _) = Simulate("--seed", "3", "--steps", "60", "--trace");
        var (_, second, _) = Simulate("--seed", "3", "--steps", "60", "--trace");

        Assert.Equal(0, code);
        Assert.Contains("every invariant held", first, StringComparison.Ordinal);
        // The last line carries the elapsed time; everything before it is the run.
        Assert.Equal(WithoutTiming(first), WithoutTiming(second));
    }

    [Theory]
    [InlineData(new string[0], "--seed")]
    [InlineData(new[] { "--seed", "x" }, "x")]
    [InlineData(new[] { "--seed", "1", "--steps", "0" }, "--steps must be 1 or more, found 0")]
    [InlineData(new[] { "--seed", "1", "--mutant", "gentle" }, "--mutant must be one of none, latest-leads, no-dedup, found \"gentle\"")]
    public void A_wrong_command_line_is_told_what_is_wrong(string[] args, string said)
    {
        var (code, output, error) = Simulate(args);

        Assert.Equal(2, code);
        Assert.Empty(output);
        Assert.Contains(said, error, StringComparison.Ordinal);
    }

    internal static (int Code, string Output, string Error) Simulate(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = SimulateCommand.Run(args, output, error);
        return (code, output.ToString(), error.ToString());
    }

    private static string WithoutTiming(string output) => output[..output.LastIndexOf('(')];
}
