using System.Globalization;
using System.Net;

namespace RxChat.Load;

/// <summary>The wire dialect: RxChat's line protocol, or a bare byte relay such as `ncat --broker`.</summary>
public enum Proto { RxChat, Broker }

/// <summary>What carries a fan-out member: TCP lines (Part 1), JSON over a WebSocket (Part 4), or IRC (Part 5).</summary>
public enum Transport { Tcp, Ws, Irc }

/// <summary>
/// Command-line options as `--name value` pairs. Every run is bounded: <see cref="Deadline"/>
/// ends it whatever state it is in, and only loopback addresses are accepted.
/// </summary>
public sealed class Options
{
    private readonly Dictionary<string, string> _values;

    public string Mode { get; }
    public IPAddress Host { get; }
    public int Port => Int("port", 7777);
    /// <summary>A second node of the same chat (bench/cluster.sh): every odd-numbered member connects there; 0: none.</summary>
    public int AlsoPort => Int("also-port", 0);
    public Proto Proto { get; }
    /// <summary>`ws`: every fan-out member is a WebSocket to `/ws` on <see cref="WsPort"/> (RxChat only).</summary>
    public Transport Transport { get; }
    /// <summary>The server's HTTP port, where `/ws` is (with `--transport ws`).</summary>
    public int WsPort => Int("ws-port", 8080);
    /// <summary>The server's IRC port (with `--transport irc`).</summary>
    public int IrcPort => Int("irc-port", 6667);
    /// <summary>The server's HTTP port, to read its GC counters from /metrics around the measured window; 0: not read.</summary>
    public int MetricsPort => Int("metrics-port", 0);
    public string Label => Str("label", Mode);
    public TimeSpan Deadline => TimeSpan.FromSeconds(Dbl("deadline", 120));
    public IReadOnlyList<int> ServerPids { get; }

    // fanout
    public int Rooms => Int("rooms", 1);
    public int ClientsPerRoom => Int("clients", 50);
    public int SendersPerRoom => Int("senders", 10);
    public int Messages => Int("messages", 2000);
    public int InFlight => Int("inflight", 8);
    /// <summary>Messages per second per sender; 0 means unthrottled (window mode).</summary>
    public double Rate => Dbl("rate", 0);
    public double DurationSeconds => Dbl("duration", 30);
    /// <summary>How long to wait for stragglers once every sender is done and nothing moves.</summary>
    public TimeSpan Drain => TimeSpan.FromSeconds(Dbl("drain", 5));

    // idle
    public int Connections => Int("connections", 1000);
    /// <summary>Handshakes in flight at once. ncat listens with a backlog of 10, so more
    /// simultaneous connects than that overflow its accept queue and some connections wait
    /// for a SYN retransmit (1 s) or are never accepted; RxChat's listener takes more.</summary>
    public int Concurrency => Int("concurrency", Proto == Proto.Broker ? 8 : 256);
    public TimeSpan StormBudget => TimeSpan.FromSeconds(Dbl("storm-budget", 60));
    public TimeSpan Hold => TimeSpan.FromSeconds(Dbl("hold", 5));
    public int UsersQueries => Int("users-queries", 10);
    /// <summary>After the hold, this many of the connections (the first ones) close at once: a leave storm (0: none).</summary>
    public int Leavers => Int("leavers", 0);

    public Options(string[] args)
    {
        if (args.Length == 0 || args[0].StartsWith("--"))
            throw new ArgumentException("first argument must be the mode: fanout | idle");
        Mode = args[0];
        _values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 1; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--") || i + 1 >= args.Length)
                throw new ArgumentException($"expected --name value, got '{args[i]}'");
            _values[args[i][2..]] = args[++i];
        }

        Host = IPAddress.Parse(Str("host", "127.0.0.1"));
        // The workplace allows load only on this machine: refuse anything but loopback.
        if (!IPAddress.IsLoopback(Host))
            throw new ArgumentException($"only loopback addresses are allowed, not {Host}");
        Proto = Str("proto", "rxchat") switch
        {
            "rxchat" => Proto.RxChat,
            "broker" => Proto.Broker,
            var p => throw new ArgumentException($"unknown --proto {p} (rxchat | broker)"),
        };
        Transport = Str("transport", "tcp") switch
        {
            "tcp" => Transport.Tcp,
            "ws" => Transport.Ws,
            "irc" => Transport.Irc,
            var t => throw new ArgumentException($"unknown --transport {t} (tcp | ws | irc)"),
        };
        if (Transport != Transport.Tcp && Proto != Proto.RxChat)
            throw new ArgumentException("--transport ws and irc need --proto rxchat: a broker speaks neither");
        ServerPids = Str("server-pid", "")
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(int.Parse).ToArray();
    }

    private string Str(string name, string fallback) => _values.GetValueOrDefault(name, fallback);
    private int Int(string name, int fallback) =>
        _values.TryGetValue(name, out var v) ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;
    private double Dbl(string name, double fallback) =>
        _values.TryGetValue(name, out var v) ? double.Parse(v, CultureInfo.InvariantCulture) : fallback;
}
