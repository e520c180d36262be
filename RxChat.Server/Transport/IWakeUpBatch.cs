namespace RxChat.Server.Transport;

/// <summary>
/// What a write loop that sends line by line does around one wake-up's lines, so a transport
/// can gather them and send them at once (a WebSocket's <see cref="CoalescingStream"/>).
/// </summary>
public interface IWakeUpBatch
{
    /// <summary>Before the first line of a wake-up.</summary>
    void Begin();

    /// <summary>After its last line: whatever was gathered is sent.</summary>
    ValueTask EndAsync();
}
