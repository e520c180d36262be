namespace RxChat.Simulation;

/// <summary>
/// Makes a failing plan short: drops runs of acts (halves, then quarters, … then single acts)
/// and then whole clients, keeping each cut only while the plan still fails. The result fails
/// the same way and no single act can be dropped from it (a local minimum, as delta debugging gives).
/// </summary>
public static class Shrinker
{
    /// <param name="stillFails">Whether a candidate still fails the way the original did.</param>
    /// <param name="budget">At most this many candidates are tried (each is one simulated run).</param>
    public static Plan Shrink(Plan plan, Func<Plan, bool> stillFails, int budget = 2000)
    {
        var acts = plan.Acts.ToList();
        int tried = 0;
        for (int chunk = Math.Max(1, acts.Count / 2); chunk >= 1 && tried < budget; chunk /= 2)
        {
            for (int at = 0; at < acts.Count && tried < budget;)
            {
                var candidate = acts.Take(at).Concat(acts.Skip(at + chunk)).ToList();
                tried++;
                if (stillFails(plan.With(candidate))) acts = candidate;
                else at += chunk;
            }
        }
        foreach (var client in plan.With(acts).Clients)
        {
            if (tried++ >= budget) break;
            var candidate = acts.Where(a => a is not ClientAct c || c.Client != client).ToList();
            if (stillFails(plan.With(candidate))) acts = candidate;
        }
        return plan.With(acts);
    }
}
