using System.Diagnostics;
using System.Net;

namespace RxChat.Load;

/// <summary>
/// `idle`: C connections log in and join R rooms (connection i joins room i mod R), a
/// bounded number at a time, and stay; each keeps reading (and discarding) so the server
/// never has to hold lines for it. While they are held, a fresh client asks `/users`
/// repeatedly: the reply names all C+1 users, so the time is to the end of that one line.
/// With <c>--leavers K</c>, the first K then close at once (a leave storm: every leave is
/// told to every user still there); a newcomer logs in and asks <c>/users</c> right after,
/// timed, and the run waits until every stayer has been told all K leaves.
/// </summary>
public sealed class IdleRun(Options o)
{
    private readonly ServerProbe _probe = new(o.ServerPids);

    public async Task<(Report Report, bool Ok)> RunAsync(CancellationToken deadline)
    {
        if (o.Proto != Proto.RxChat) throw new ArgumentException("idle needs --proto rxchat (it logs in and asks /users)");
        var report = new Report(o.Label);
        var server = new IPEndPoint(o.Host, o.Port);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(deadline);
        var connections = new LineConnection?[o.Connections];
        var readers = new Task?[o.Connections];
        long failed = 0, linesSeen = 0;
        var leftSeen = new int[o.Connections];
        string? firstError = null;

        // 1. The storm: everyone connects, logs in and joins. Failures are counted, not retried.
        // The storm has its own budget, so a server that is slow to admit everyone still gets
        // a report of how many made it, instead of a run that only says "deadline".
        using var stormBudget = CancellationTokenSource.CreateLinkedTokenSource(deadline);
        stormBudget.CancelAfter(o.StormBudget);
        var beforeStorm = _probe.Sample();
        var selfBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var machineBefore = MachineSample.Read();
        var storm = Stopwatch.StartNew();
        try
        {
        await Parallel.ForEachAsync(Enumerable.Range(0, o.Connections),
            new ParallelOptions { MaxDegreeOfParallelism = o.Concurrency, CancellationToken = stormBudget.Token },
            async (i, ct) =>
            {
                LineConnection? c = null;
                try
                {
                    c = await LineConnection.ConnectAsync(server, ct, initialBuffer: 512);
                    await Handshake.LoginAsync(c, $"idle{i}", ct);
                    await Handshake.JoinAsync(c, $"room{i % o.Rooms}", ct);
                    connections[i] = c;
                    readers[i] = c.ReadLinesAsync(line =>
                    {
                        Interlocked.Increment(ref linesSeen);
                        if (line.IndexOf(" left the room "u8) >= 0) Interlocked.Increment(ref leftSeen[i]);
                    }, stop.Token);
                }
                catch (Exception e) when (e is not OperationCanceledException || !deadline.IsCancellationRequested)
                {
                    c?.Dispose();
                    Interlocked.Increment(ref failed);
                    Interlocked.CompareExchange(ref firstError, e.Message, null);
                }
            });
        }
        catch (OperationCanceledException) when (!deadline.IsCancellationRequested) { }
        var stormTime = storm.Elapsed;
        var joined = connections.Count(c => c is not null);
        failed = o.Connections - joined; // those the budget cut off never started or never finished
        var afterStorm = _probe.Sample();
        var selfStormCpu = Process.GetCurrentProcess().TotalProcessorTime - selfBefore;
        var (machineBusy, machineSteal) = MachineSample.Between(machineBefore, MachineSample.Read());

        // 2. Hold them, and meanwhile time a fresh client's /users, spread over the hold.
        var usersMs = new List<double>();
        var namesInReply = 0;
        var holdClock = Stopwatch.StartNew();
        using (var probe = await LineConnection.ConnectAsync(server, deadline))
        {
            await Handshake.LoginAsync(probe, "usersprobe", deadline);
            for (var q = 0; q < o.UsersQueries; q++)
            {
                var t = Stopwatch.StartNew();
                await probe.SendLineAsync("/users", deadline);
                string? line;
                do line = await probe.ReadLineAsync(deadline);
                while (line is not null && !line.StartsWith("Users: "));
                usersMs.Add(t.Elapsed.TotalMilliseconds);
                if (line is null) break;
                namesInReply = line.AsSpan("Users: ".Length).Count(", ") + 1;
                var due = o.Hold * (q + 1) / o.UsersQueries - holdClock.Elapsed;
                if (due > TimeSpan.Zero) await Task.Delay(due, deadline);
            }
        }
        var remaining = o.Hold - holdClock.Elapsed;
        if (remaining > TimeSpan.Zero) await Task.Delay(remaining, deadline);
        var afterHold = _probe.Sample();

        // 3. The leave storm, if asked for: the first K close at once; a newcomer is timed meanwhile.
        double welcomeMs = 0, stormUsersMs = 0, deliveriesS = 0;
        int stayersTold = 0, stayers = 0, stormNames = 0;
        ServerSample? afterLeave = null, beforeLeave = null;
        if (o.Leavers > 0)
        {
            var staying = Enumerable.Range(o.Leavers, o.Connections - o.Leavers).Where(i => connections[i] is not null).ToList();
            stayers = staying.Count;
            beforeLeave = _probe.Sample();
            for (var i = 0; i < o.Leavers; i++) connections[i]?.Dispose();
            var leaveClock = Stopwatch.StartNew();
            using (var newcomer = await LineConnection.ConnectAsync(server, deadline))
            {
                await Handshake.LoginAsync(newcomer, "newcomer", deadline);
                welcomeMs = leaveClock.Elapsed.TotalMilliseconds;
                var t = Stopwatch.StartNew();
                await newcomer.SendLineAsync("/users", deadline);
                string? line;
                do line = await newcomer.ReadLineAsync(deadline);
                while (line is not null && !line.StartsWith("Users: "));
                stormUsersMs = t.Elapsed.TotalMilliseconds;
                if (line is not null) stormNames = line.AsSpan("Users: ".Length).Count(", ") + 1;
            }
            while (!deadline.IsCancellationRequested && leaveClock.Elapsed < o.StormBudget
                   && staying.Any(i => Volatile.Read(ref leftSeen[i]) < o.Leavers))
                await Task.Delay(20, deadline);
            deliveriesS = leaveClock.Elapsed.TotalSeconds;
            stayersTold = staying.Count(i => Volatile.Read(ref leftSeen[i]) >= o.Leavers);
            afterLeave = _probe.Sample();
        }

        stop.Cancel();
        await Task.WhenAll(readers.Where(r => r is not null)!);
        foreach (var c in connections) c?.Dispose();

        usersMs.Sort();
        report.Add("connections", o.Connections).Add("rooms", o.Rooms)
              .Add("joined", joined).Add("failed", failed)
              .Add("outcome", failed == 0 ? "complete" : "partial")
              .Add("storm_s", stormTime.TotalSeconds, $"{o.Concurrency} handshakes in flight at most")
              .Add("logins_per_s", joined / stormTime.TotalSeconds)
              .Add("load_storm_cpu_pct", selfStormCpu / stormTime * 100, "this tool during the storm, 100 = one core")
              .Add("machine_busy_pct", machineBusy, "during the storm, all cores: 100 = full")
              .Add("machine_steal_pct", machineSteal)
              .Add("users_queries", usersMs.Count)
              .Add("users_names", namesInReply, "names in the last /users reply")
              .Add("users_p50_ms", usersMs.Count > 0 ? usersMs[usersMs.Count / 2] : 0)
              .Add("users_max_ms", usersMs.Count > 0 ? usersMs[^1] : 0)
              .Add("lines_seen", linesSeen, "notices the held clients received");
        if (_probe.Enabled)
            report.Add("srv_storm_cpu_pct", ServerProbe.CpuPercent(beforeStorm, afterStorm, stormTime), "100 = one core")
                  .Add("srv_rss_mib", afterHold.RssKiB / 1024.0, "after the hold")
                  .Add("srv_rss_storm_mib", afterStorm.RssKiB / 1024.0, "right after the storm")
                  .Add("srv_peak_rss_mib", afterHold.PeakRssKiB / 1024.0)
                  .Add("srv_kib_per_conn", joined == 0 ? 0 : (afterHold.RssKiB - beforeStorm.RssKiB) / (double)joined, "RSS the held connections added, per connection")
                  .Add("srv_threads", afterStorm.Threads, "right after the storm");
        if (o.Leavers > 0)
        {
            report.Add("leavers", o.Leavers).Add("stayers", stayers)
                  .Add("leave_welcome_ms", welcomeMs, "a newcomer's connect + login, started as the storm began")
                  .Add("leave_users_ms", stormUsersMs, "its /users right after")
                  .Add("leave_users_names", stormNames)
                  .Add("leave_deliveries_s", deliveriesS, "until every stayer was told every leave")
                  .Add("leave_stayers_told_all", stayersTold);
            if (_probe.Enabled && afterLeave is { } sample && beforeLeave is { } start)
                report.Add("srv_rss_leave_mib", sample.RssKiB / 1024.0, "after the storm")
                      .Add("srv_leave_cpu_s", (sample.CpuTicks - start.CpuTicks) / 100.0, "server CPU from the storm's start until every stayer was told");
        }
        if (firstError is not null) report.Add("first_error", firstError.Replace(' ', '_'));
        return (report, failed == 0 && namesInReply == o.Connections + 1 && stayersTold == stayers);
    }
}
