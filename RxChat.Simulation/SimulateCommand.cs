using System.CommandLine;
using System.Diagnostics;

namespace RxChat.Simulation;

/// <summary>
/// <c>simulate --seed N --steps K</c>: plays one seed's run of the whole cluster and checks the
/// invariants after every step (docs/simulation.md). The same seed and options give the same
/// run, trace included. Exit code 0 when every invariant held, 1 when one broke (the run is
/// then shrunk, and written as a marble when <c>--marble</c> is given and a diagram can show
/// it), 2 for a mistake on the command line.
/// </summary>
internal static class SimulateCommand
{
    public const int DefaultSteps = 300;

    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        var seed = new Option<int>("--seed") { Description = "the run to play: the same seed gives the same run", Required = true };
        var steps = new Option<int>("--steps") { Description = "virtual seconds (one act each)", DefaultValueFactory = _ => DefaultSteps };
        var nodes = new Option<int>("--nodes") { Description = "nodes sharing the log", DefaultValueFactory = _ => PlanGenerator.DefaultNodes };
        var clients = new Option<int>("--clients") { Description = "clients connected at most at once", DefaultValueFactory = _ => PlanGenerator.DefaultClients };
        var mutant = new Option<string>("--mutant") { Description = "play deliberately broken rules: latest-leads (the latest member leads), no-dedup (the log appends retries again)", DefaultValueFactory = _ => "none" };
        var trace = new Option<bool>("--trace") { Description = "print every step, every append and every fold" };
        var marble = new Option<string?>("--marble") { Description = "on a failure, write the shrunk run here as a .marble scenario, if a diagram can show it", HelpName = "FILE" };
        var root = new RootCommand("Simulates the whole chat cluster on one virtual clock, seeded, and checks its invariants after every step.")
        {
            seed, steps, nodes, clients, mutant, trace, marble,
        };

        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0) return Mistake(parsed.Errors[0].Message);
        if (parsed.Action is not null && args.Any(a => a is "--help" or "-h" or "-?" or "--version")) return parsed.Invoke();
        if (parsed.GetValue(steps) is var k && k < 1) return Mistake($"--steps must be 1 or more, found {k}");
        if (parsed.GetValue(nodes) is var n && n is < 1 or > 9) return Mistake($"--nodes must be 1 to 9, found {n}");
        if (parsed.GetValue(clients) is var c && c < 1) return Mistake($"--clients must be 1 or more, found {c}");
        var mutantName = parsed.GetValue(mutant)!;
        if (!Mutants.Names.Contains(mutantName)) return Mistake($"--mutant must be one of {string.Join(", ", Mutants.Names)}, found \"{mutantName}\"");
        var rule = mutantName == "latest-leads" ? Mutants.LatestLeads : FoldRules.Real;
        bool dedup = mutantName != "no-dedup";

        var clock = Stopwatch.StartNew();
        var plan = PlanGenerator.Generate(parsed.GetValue(seed), k, n, c);
        var result = Simulator.Run(plan, rule, dedup);
        if (parsed.GetValue(trace)) foreach (var line in result.Trace) output.WriteLine(line);
        if (result.Violation is not { } violation)
        {
            output.WriteLine($"seed {plan.Seed}: {plan.Acts.Count} steps, {n} nodes, {result.LogLength} log entries: every invariant held ({clock.ElapsedMilliseconds} ms)");
            return 0;
        }

        output.WriteLine($"seed {plan.Seed}: broken at {violation}");
        var shrunk = ShrunkFailure.Of(result, rule, dedup);
        output.WriteLine($"shrunk to {shrunk.Plan.Acts.Count} steps, still broken at {shrunk.Violation}:");
        for (int i = 0; i < shrunk.Plan.Acts.Count; i++) output.WriteLine($"  {i + 1,4} {shrunk.Plan.Acts[i]}");
        if (shrunk.Marble is null) output.WriteLine($"no marble: {shrunk.WhyNoMarble}");
        else if (parsed.GetValue(marble) is { } path)
        {
            File.WriteAllText(path, shrunk.Marble);
            output.WriteLine($"written as a marble scenario: {path}");
        }
        else output.Write(shrunk.Marble);
        return 1;

        int Mistake(string message)
        {
            error.WriteLine($"simulate: {message}");
            error.WriteLine("usage: simulate --seed N [--steps K] [--nodes N] [--clients N] [--mutant none|latest-leads|no-dedup] [--trace] [--marble FILE]");
            return 2;
        }
    }
}
