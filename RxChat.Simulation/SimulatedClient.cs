using RxChat.Server.Core;
using RxChat.Server.Delivery;

namespace RxChat.Simulation;

/// <summary>
/// One simulated connection, as the node's <see cref="Courier"/> sees any connection: an
/// <see cref="IRecipient"/> with an outbox. Its writer is the simulator: a client that reads
/// at once takes its lines as the node publishes them (as the virtual-time tests' connections
/// do); one that reads slowly leaves them waiting in the node's buffer until its next
/// <see cref="ClientReads"/>.
/// </summary>
internal sealed class SimulatedClient : IRecipient
{
    private readonly Action<SimulatedClient, string?> _heard;

    /// <param name="heard">Each line read, in order; null once the server has closed the connection.</param>
    public SimulatedClient(string name, ConnectionId id, bool readsSlowly, Action<SimulatedClient, string?> heard)
    {
        Name = name;
        Id = id;
        ReadsSlowly = readsSlowly;
        _heard = heard;
        Outbox = new Outbox(long.MaxValue)
        {
            ReadsInline = true,
            Wake = _ => { if (!ReadsSlowly) Read(); },
            OnCutOff = _ => Outbox!.Close(),
        };
    }

    public string Name { get; }

    public ConnectionId Id { get; }

    public bool ReadsSlowly { get; }

    public Outbox Outbox { get; }

    /// <summary>Its first line (its name) is still to come.</summary>
    public bool AwaitingLogin { get; set; } = true;

    /// <summary>It closed, broke, or its node died: it sends and reads nothing more.</summary>
    public bool Gone { get; private set; }

    /// <summary>The server closed the connection (and the client read everything before that).</summary>
    public bool HungUp { get; private set; }

    /// <summary>Gone or hung up: nothing it types reaches the chat any more.</summary>
    public bool Over => Gone || HungUp;

    /// <summary>Chat lines (by text) it has read, for "once".</summary>
    public HashSet<string> ChatLinesRead { get; } = new(StringComparer.Ordinal);

    /// <summary>Chat lines the fold told this client about, in log order, not read yet.</summary>
    public Queue<string> ChatLinesDue { get; } = new();

    /// <summary>The log position of the latest chat line it read, for "in log order".</summary>
    public long LatestChatPosition { get; set; }

    /// <summary>Inside a history reply, whose lines are old ones again, on purpose.</summary>
    public bool InHistory { get; set; }

    /// <summary>The server hangs up: what is queued is still read, then the connection closes.</summary>
    public void Hangup()
    {
        Outbox.Complete();
        Outbox.Ring();
    }

    /// <summary>The client leaves (closes, breaks, or loses its node): it reads nothing more.</summary>
    public void Leave()
    {
        Gone = true;
        ChatLinesDue.Clear();
        Outbox.Close();
    }

    /// <summary>Takes every line waiting, in order, as a socket's writer would.</summary>
    public void Read()
    {
        if (Over) return;
        Outbox.Answer(); // lines published from now on ring again
        while (Outbox.TryTake(out var line)) _heard(this, line.Text);
        if (!Outbox.IsDone || Gone) return;
        HungUp = true;
        ChatLinesDue.Clear();
        _heard(this, null);
    }
}
