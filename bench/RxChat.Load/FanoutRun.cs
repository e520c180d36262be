using System.Diagnostics;
using System.Net;

namespace RxChat.Load;

/// <summary>
/// `fanout`: R rooms × N members, the last S members of each room send M messages each
/// (windowed or at a fixed rate), and every member measures what it receives. Expected
/// deliveries: R × S × M × (N − 1), since nobody receives their own lines.
/// With `--proto broker` room r is a separate broker on port + r.
/// </summary>
public sealed class FanoutRun(Options o)
{
    private readonly ServerProbe _probe = new(o.ServerPids);

    public async Task<(Report Report, bool Ok)> RunAsync(CancellationToken deadline)
    {
        if (o.SendersPerRoom >= o.ClientsPerRoom)
            throw new ArgumentException("--senders must be below --clients: member 0 of each room is the witness");
        var rateMode = o.Rate > 0;
        var messages = rateMode ? (int)Math.Round(o.Rate * o.DurationSeconds) : o.Messages;
        var senders = new Sender[o.Rooms * o.SendersPerRoom];
        for (var r = 0; r < o.Rooms; r++)
            for (var k = 0; k < o.SendersPerRoom; k++)
            {
                var index = o.ClientsPerRoom - o.SendersPerRoom + k;
                senders[r * o.SendersPerRoom + k] = new Sender(r * o.SendersPerRoom + k, r, MemberName(r, index), rateMode ? 0 : o.InFlight);
            }
        var tally = new FanoutTally(senders, o.Proto);
        var report = new Report(o.Label);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(deadline);

        // 1. Log in and join, a bounded number at a time; each member starts reading at once,
        //    so the join notices of later members never pile up in the server.
        var members = new Member[o.Rooms * o.ClientsPerRoom];
        var receivers = new Task[members.Length];
        var loginClock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, members.Length),
            new ParallelOptions { MaxDegreeOfParallelism = o.Concurrency, CancellationToken = deadline },
            async (i, ct) =>
            {
                int r = i / o.ClientsPerRoom, index = i % o.ClientsPerRoom;
                var name = MemberName(r, index);
                var c = await ConnectAsync(r, index, ct);
                if (o.Proto == Proto.RxChat)
                {
                    await Handshake.LoginAsync(c, name, ct);
                    await Handshake.JoinAsync(c, RoomName(r), ct);
                }
                var m = new Member(r, index, name, c, tally);
                members[i] = m;
                receivers[i] = m.ReceiveAsync(stop.Token);
            });
        var loginTime = loginClock.Elapsed;

        // 2. A barrier: member 0 of each room says "sync" until every other member heard it.
        //    For RxChat "You joined" already proves membership; for a broker, which accepts
        //    in the background, it is the only proof that nobody would miss the first lines.
        var syncClock = Stopwatch.StartNew();
        var unsynced = await SyncAsync(members, deadline);
        var syncTime = syncClock.Elapsed;
        if (unsynced > 0)
        {
            // Measuring now would count a member the server never admitted as losses.
            report.Add("login_s", loginTime.TotalSeconds).Add("unsynced", unsynced).Add("outcome", "unsynced");
            stop.Cancel();
            foreach (var m in members) m.Connection.Dispose();
            return (report, false);
        }
        for (var s = 0; s < senders.Length; s++)
            senders[s].Member = members[senders[s].Room * o.ClientsPerRoom + o.ClientsPerRoom - o.SendersPerRoom + s % o.SendersPerRoom];

        // 3. Send and measure until everything arrived, nothing moves any more, or the deadline.
        var expected = (long)senders.Length * messages * (o.ClientsPerRoom - 1);
        using var gc = new GcProbe(o.Host, o.MetricsPort);
        var gcBefore = await gc.SampleAsync(deadline);
        var before = _probe.Sample();
        var selfBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var machineBefore = MachineSample.Read();
        var sendStart = Stopwatch.GetTimestamp();
        var sending = Task.WhenAll(senders.Select(s => rateMode
            ? s.SendAtRateAsync(messages, o.Rate, TimeSpan.FromSeconds(s.GlobalIndex / o.Rate / senders.Length), stop.Token)
            : s.SendWindowedAsync(messages, stop.Token)));
        var (delivered, endTicks, outcome) = await WaitForDeliveriesAsync(members, sending, expected, deadline);
        var after = _probe.Sample();
        var gcAfter = await gc.SampleAsync(deadline);
        var selfCpu = Process.GetCurrentProcess().TotalProcessorTime - selfBefore;
        var (machineBusy, machineSteal) = MachineSample.Between(machineBefore, MachineSample.Read());
        var measured = Stopwatch.GetElapsedTime(sendStart, endTicks);
        // CPU is read over the window the samples span; after a stall that is longer than
        // `measured` (the drain wait), and dividing by `measured` would overstate it.
        var sampled = Stopwatch.GetElapsedTime(sendStart);
        stop.Cancel();
        await Task.WhenAll(receivers.Where(t => t is not null));
        foreach (var m in members) m.Connection.Dispose();

        var lat = tally.Latency;
        report.Add("rooms", o.Rooms).Add("clients", o.ClientsPerRoom).Add("senders", o.SendersPerRoom)
              .Add("messages", messages)
              .Add("mode", rateMode ? $"rate{o.Rate}" : $"window{o.InFlight}")
              .Add("transport", o.Transport.ToString().ToLowerInvariant())
              .Add("login_s", loginTime.TotalSeconds, "connect + login + join, all members")
              .Add("sync_s", syncTime.TotalSeconds)
              .Add("unsynced", unsynced)
              .Add("sent", senders.Sum(s => (long)s.Sent))
              .Add("delivered", delivered).Add("expected", expected)
              .Add("lost", expected - delivered)
              .Add("outcome", outcome)
              .Add("seconds", measured.TotalSeconds, "first send to last delivery")
              .Add("lines_per_s", measured > TimeSpan.Zero ? delivered / measured.TotalSeconds : 0)
              .Add("p50_ms", lat.PercentileMicros(0.50) / 1000.0)
              .Add("p99_ms", lat.PercentileMicros(0.99) / 1000.0)
              .Add("max_ms", lat.MaxMicros / 1000.0)
              .Add("malformed", tally.Malformed, "not a complete protocol line")
              .Add("replies", tally.Replies, "untimestamped lines to one client, e.g. flood control's")
              .Add("history_lines", tally.HistoryLines, "earlier chat lines framed as history on joining: not measured")
              .Add("misordered", tally.Misordered)
              .Add("misattributed", tally.Misattributed)
              .Add("foreign", tally.Foreign, "lines from another room")
              .Add("closed_by_server", members.Count(m => m.Closed))
              // The tool shares the 2 cores with the server: if this nears 100 × cores, the
              // tool, not the server, is what limits lines_per_s.
              .Add("load_cpu_pct", selfCpu / sampled * 100, "this tool, 100 = one core")
              .Add("machine_busy_pct", machineBusy, "all cores, everyone: 100 = full")
              .Add("machine_steal_pct", machineSteal);
        if (_probe.Enabled)
            report.Add("srv_cpu_pct", ServerProbe.CpuPercent(before, after, sampled), "100 = one core")
                  .Add("srv_rss_mib", after.RssKiB / 1024.0)
                  .Add("srv_peak_rss_mib", after.PeakRssKiB / 1024.0)
                  .Add("srv_threads", after.Threads);
        if (gcBefore is { } g0 && gcAfter is { } g1)
            report.Add("srv_gc_pause_ms", (g1.PauseSeconds - g0.PauseSeconds) * 1000, "the server paused for GC in the window, all pauses")
                  .Add("srv_gc_gen0", g1.Gen0 - g0.Gen0, "collections in the window (gen 1 and 2 count here too)")
                  .Add("srv_gc_gen1", g1.Gen1 - g0.Gen1)
                  .Add("srv_gc_gen2", g1.Gen2 - g0.Gen2)
                  .Add("srv_gc_mean_pause_ms", g1.Gen0 > g0.Gen0 ? (g1.PauseSeconds - g0.PauseSeconds) * 1000 / (g1.Gen0 - g0.Gen0) : 0);
        var ok = outcome == "complete" && tally.Malformed == 0 && tally.Misordered == 0 && tally.Foreign == 0;
        return (report, ok);
    }

    private async Task<int> SyncAsync(Member[] members, CancellationToken ct)
    {
        for (var attempt = 0; attempt < 20; attempt++)
        {
            var pending = Enumerable.Range(0, o.Rooms).Where(r => !RoomSynced(members, r)).ToList();
            if (pending.Count == 0) return 0;
            foreach (var r in pending)
                await members[r * o.ClientsPerRoom].Connection.SendLineAsync("sync", ct);
            // Poll briefly before saying it again: a late member needs only one "sync".
            for (var poll = 0; poll < 25 && pending.Any(r => !RoomSynced(members, r)); poll++)
                await Task.Delay(10, ct);
        }
        return members.Count(m => m.Index > 0 && !m.Synced);
    }

    private bool RoomSynced(Member[] members, int room) =>
        Enumerable.Range(1, o.ClientsPerRoom - 1).All(i => members[room * o.ClientsPerRoom + i].Synced);

    private async Task<(long Delivered, long EndTicks, string Outcome)> WaitForDeliveriesAsync(
        Member[] members, Task sending, long expected, CancellationToken deadline)
    {
        long last = -1;
        var lastProgress = Stopwatch.GetTimestamp();
        while (true)
        {
            var delivered = members.Sum(m => m.Delivered);
            var endTicks = members.Max(m => m.LastDeliveryTicks);
            if (delivered >= expected) return (delivered, endTicks, "complete");
            if (sending.IsFaulted) return (delivered, endTicks, "send-failed");
            if (deadline.IsCancellationRequested) return (delivered, endTicks, "deadline");
            if (delivered != last) { last = delivered; lastProgress = Stopwatch.GetTimestamp(); }
            else if (sending.IsCompleted && Stopwatch.GetElapsedTime(lastProgress) > o.Drain)
                return (delivered, endTicks, "stalled");
            try { await Task.Delay(10, deadline); } catch (OperationCanceledException) { }
        }
    }

    private async Task<IChatConnection> ConnectAsync(int room, int index, CancellationToken ct) =>
        o.Transport switch
        {
            Transport.Ws => await WsConnection.ConnectAsync(new IPEndPoint(o.Host, o.WsPort), ct),
            Transport.Irc => await IrcConnection.ConnectAsync(new IPEndPoint(o.Host, o.IrcPort), ct),
            _ => await LineConnection.ConnectAsync(MemberEndpoint(room, index), ct),
        };

    /// <summary>Half the members (and so half the senders) on the second node, when there is one.</summary>
    private IPEndPoint MemberEndpoint(int room, int index) =>
        o.AlsoPort > 0 && index % 2 == 1 ? new(o.Host, o.AlsoPort) : RoomEndpoint(room);

    private IPEndPoint RoomEndpoint(int room) =>
        new(o.Host, o.Proto == Proto.Broker ? o.Port + room : o.Port);

    private static string RoomName(int room) => $"room{room}";
    private static string MemberName(int room, int index) => $"r{room}m{index}";
}
