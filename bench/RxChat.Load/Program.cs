using RxChat.Load;

// Usage: see bench/README.md. Every run stops by itself: at --deadline at the latest.
Options o;
try { o = new Options(args); }
catch (Exception e) when (e is ArgumentException or FormatException)
{
    Console.Error.WriteLine($"rxchat-load: {e.Message}");
    Console.Error.WriteLine("usage: RxChat.Load fanout|idle [--port N] [--proto rxchat|broker] [--transport tcp|ws|irc --ws-port H --irc-port I] [--server-pid P[,P…]] …");
    return 64;
}

using var deadline = new CancellationTokenSource(o.Deadline);
try
{
    var (report, ok) = o.Mode switch
    {
        "fanout" => await new FanoutRun(o).RunAsync(deadline.Token),
        "idle" => await new IdleRun(o).RunAsync(deadline.Token),
        _ => throw new ArgumentException($"unknown mode {o.Mode} (fanout | idle)"),
    };
    Console.WriteLine($"{o.Label} ({o.Mode}, {o.Proto}):");
    report.Print(Console.Out);
    return ok ? 0 : 1;
}
catch (Exception e)
{
    var why = deadline.IsCancellationRequested ? "deadline" : e.GetType().Name;
    Console.Error.WriteLine($"rxchat-load: {o.Label} failed ({why}): {e.Message}");
    Console.WriteLine($"RESULT label={o.Label} outcome=error-{why}");
    return 2;
}
