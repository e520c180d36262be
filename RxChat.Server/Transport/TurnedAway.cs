using RxChat.Protocol;

namespace RxChat.Server.Transport;

/// <summary>
/// Why <see cref="Admission"/> turned a new connection away before it joined the chat. Each
/// kind says it its own way (a line and a close, an HTTP status), but the words are these.
/// </summary>
/// <param name="Line">What the refused peer hears (wording in <see cref="ServerLines"/>).</param>
/// <param name="Reason">The <c>reason</c> label of <c>rxchat_connections_refused_total</c>.</param>
/// <param name="Why">What the server's log says.</param>
public sealed record TurnedAway(string Line, string Reason, string Why)
{
    /// <summary>Every slot is taken (<c>MaxConnections</c>, all kinds together).</summary>
    public static readonly TurnedAway ServerFull = new(ServerLines.ServerFull.Render(), "full", "server is full");

    /// <summary>The server is stopping: nobody new comes in, of any kind.</summary>
    public static readonly TurnedAway ShuttingDown = new(ServerLines.ShuttingDown.Render(), "shutting_down", "server is shutting down");

    /// <summary>The peer's address has had its share (<see cref="ConnectionsPerAddress"/>).</summary>
    public static TurnedAway ByAddress(AddressRefusal why, AddressLimits limits)
    {
        var line = AddressRefusals.Line(why, limits);
        return new TurnedAway(line, AddressRefusals.MetricReason(why), line);
    }

    /// <summary>Every <see cref="Reason"/> there is, so each count starts at zero.</summary>
    public static IEnumerable<string> Reasons =>
        Enum.GetValues<AddressRefusal>().Select(AddressRefusals.MetricReason).Prepend(ShuttingDown.Reason).Prepend(ServerFull.Reason);

    /// <summary>Whether the server as a whole turns everyone away (full, or stopping), as opposed to this peer's address.</summary>
    public bool IsServerFull => this == ServerFull || this == ShuttingDown;
}
