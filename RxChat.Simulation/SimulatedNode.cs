using RxChat.Server.Core;
using RxChat.Server.Delivery;

namespace RxChat.Simulation;

/// <summary>
/// One node of the simulated cluster: its fold (a <see cref="ChatState"/> and how far it has
/// read the log), its own connections and the real <see cref="Courier"/> that delivers to them,
/// and the appends it has not had acknowledged yet. A crash loses all of that but the snapshot.
/// </summary>
internal sealed class SimulatedNode(string name, ChatState empty)
{
    public string Name { get; } = name;

    /// <summary>Its process is up.</summary>
    public bool Running { get; set; }

    /// <summary>It cannot reach the log (a partition), though the log is up.</summary>
    public bool CutOff { get; set; }

    /// <summary>Its next append goes out twice, with one message id.</summary>
    public bool DuplicateNext { get; set; }

    /// <summary>Which start of the process this is (message ids are unique across them).</summary>
    public int Run { get; set; }

    public ChatState State { get; set; } = empty;

    public Courier? Courier { get; set; }

    /// <summary>The position of this run's own start in the log; 0 until acknowledged. Entries after it are folded live (routed and delivered).</summary>
    public long StartedAt { get; set; }

    /// <summary>It has read the log up to its own start: it serves connections.</summary>
    public bool Serving => Running && StartedAt > 0 && State.Position >= StartedAt;

    /// <summary>Its latest snapshot (the snapshot store's bytes), if it wrote one.</summary>
    public byte[]? Snapshot { get; set; }

    /// <summary>Stamped commands not yet acknowledged by the log, in order; retried with their ids.</summary>
    public Queue<Pending> Unacknowledged { get; } = new();

    /// <summary>This run's connections, by id (ids restart at 1 with each run, as a real process's do).</summary>
    public Dictionary<ConnectionId, SimulatedClient> Clients { get; } = [];

    public long ConnectionsAccepted { get; set; }

    public int Appends { get; set; }

    /// <summary>When it last had an append acknowledged: a node quiet for a heartbeat's time appends a heartbeat.</summary>
    public DateTimeOffset LastAppended { get; set; }

    public string NextMessageId() => $"{Name}.{Run}.{++Appends}";
}

/// <summary>A stamped command on its way to the log, with the id that makes a retry harmless.</summary>
internal sealed record Pending(string MessageId, DateTimeOffset Time, ConnectionId From, Command Command, string? ChatLine);
