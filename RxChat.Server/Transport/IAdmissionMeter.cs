namespace RxChat.Server.Transport;

/// <summary>
/// What <see cref="Admission"/> counts, for whoever keeps the metrics (the host's Prometheus
/// registry); Transport only says what happened, it does not know where it is counted.
/// </summary>
public interface IAdmissionMeter
{
    /// <summary>A connection of kind <paramref name="kind"/> (<see cref="ConnectionKind.Label"/>) came in.</summary>
    void Opened(string kind);

    /// <summary>It closed; <paramref name="tooSlow"/> when it was cut off for not reading what it was sent.</summary>
    void Closed(string kind, bool tooSlow);

    /// <summary>A connection was turned away before it joined the chat (<see cref="TurnedAway.Reason"/>).</summary>
    void Refused(string reason);
}
