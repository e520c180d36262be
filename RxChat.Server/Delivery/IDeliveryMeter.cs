namespace RxChat.Server.Delivery;

/// <summary>
/// What delivery reports as it works, for metrics: called on the fold's thread for every
/// line queued, so every method must be cheap; the default does nothing.
/// </summary>
public interface IDeliveryMeter
{
    /// <summary>One line was queued to one connection.</summary>
    void Delivered() { }

    /// <summary>One line was appended to a shared stream that <paramref name="followers"/> connections read.</summary>
    void Delivered(int followers) { }
}
