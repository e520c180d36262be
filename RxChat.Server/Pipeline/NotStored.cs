using Microsoft.Extensions.Logging;
using RxChat.Protocol;
using RxChat.Server.Core;
using RxChat.Server.Delivery;
using RxChat.Server.Log;

namespace RxChat.Server.Pipeline;

/// <summary>
/// What the fold does when the log could not store a run: nothing of it happened. Each
/// sender on this node is told its line was not delivered; a connection that could not even
/// be recorded is closed; what must reach the log eventually (disconnects, this node's start
/// and stop) is kept for the next run. Touched only by the fold.
/// </summary>
internal sealed class NotStored(ILogger logger, Courier courier)
{
    private readonly NodeNotice _told = new(ServerLines.NotStored); // rendered once per codec, when first needed
    private readonly List<Stamped> _unstored = []; // entries that must reach the log once it can store again

    /// <summary>The entries kept from runs that were not stored, restamped <paramref name="now"/>: they happen now, in order.</summary>
    public void TakeInto(List<Stamped> run, DateTimeOffset now)
    {
        foreach (var unstored in _unstored) run.Add(unstored with { Time = now });
        _unstored.Clear();
    }

    /// <summary>The run was not stored: its senders are told, and what must be stored is kept.</summary>
    public void Tell(IReadOnlyList<Stamped> run, LogWriteException ex)
    {
        // Only heartbeats: nobody to tell, and the next one tries again in a moment. Logged, every
        // two seconds of an outage, they would drown what the outage did to people.
        if (run.All(entry => entry.Command is NodeHeartbeat)) return;
        logger.LogError("The log could not store {Count} commands; their senders are told: {Error}", run.Count, ex.Message);
        foreach (var entry in run)
        {
            switch (entry.Command)
            {
                case Disconnected or NodeStarted or NodeStopping:
                    _unstored.Add(entry);
                    break;
                case Connected or Quit: // closed now; the Disconnected its closing causes is stored later
                    courier.HangUp(entry.From, lastWords: entry.Command is Connected ? _told : null);
                    break;
                default:
                    courier.Notice(entry.From, _told);
                    break;
            }
        }
    }
}
