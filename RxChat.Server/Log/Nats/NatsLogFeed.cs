using Microsoft.Extensions.Logging;
using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;

namespace RxChat.Server.Log.Nats;

/// <summary>
/// Reads the stream for one subscriber with one ordered consumer: first up to the stream's
/// last message at the time of subscribing, synchronously (<see cref="Replay"/>), then every
/// message after it as it comes (<see cref="FollowAsync"/>). An ordered consumer recreates
/// itself from where it was when its NATS server goes away, so nothing is skipped or read twice.
/// </summary>
public sealed class NatsLogFeed(INatsJSContext js, NatsLogOptions options, NatsLogReader reader, ILogger logger)
{
    /// <summary>
    /// Measured with a three-node cluster: with these, a consumer whose server died recreates
    /// itself within ~4.5 s (14–30 s with the defaults): the idle heartbeat finds it out, not
    /// the pull's expiry. MaxMsgs is required by NATS.Net. A pull lives 30 s: with 5 s, the
    /// feed of both nodes went quiet for ~2 s (two missed heartbeats) about one bench run in
    /// three on the busy 2-core machine, around a pull's renewal (bench/README.md, "Several nodes").
    /// </summary>
    private static readonly NatsJSConsumeOpts Consume = new()
    {
        MaxMsgs = 1000,
        Expires = TimeSpan.FromSeconds(30),
        IdleHeartbeat = TimeSpan.FromSeconds(1),
    };

    private IAsyncEnumerator<INatsJSMsg<byte[]>>? _messages;

    /// <summary>Publishes every message up to the stream's last one now, on this thread, before returning.</summary>
    public void Replay(Action<NatsBatch> publish, CancellationToken cancel)
    {
        var start = reader.From.ReadFrom;
        var state = Wait(js.GetStreamAsync(options.Stream, cancellationToken: cancel).AsTask()).Info.State;
        if (state.Messages > 0 && state.FirstSeq > start)
            throw new LogUnusableException($"log messages {start}–{state.FirstSeq - 1} are no longer kept in {options.Stream}; start from the latest snapshot");
        _messages = Wait(ConsumeFromAsync(start, cancel));
        while (reader.Sequence < state.LastSeq)
        {
            if (!Wait(_messages.MoveNextAsync().AsTask())) return;
            var batch = Read(_messages.Current);
            if (batch.Entries.Length > 0) publish(batch);
        }
    }

    /// <summary>
    /// Publishes each message after the replay as it comes, until <paramref name="cancel"/>.
    /// Should the consumer fail (NATS.Net recreates an ordered consumer by itself, but gives
    /// up in the end), a new one reads on from the message after the last one read; only a
    /// log that cannot be used (a message missing) ends it, through <paramref name="fail"/>.
    /// </summary>
    public async Task FollowAsync(Action<NatsBatch> publish, Action<Exception> fail, CancellationToken cancel)
    {
        try
        {
            while (true)
            {
                try
                {
                    while (await _messages!.MoveNextAsync().ConfigureAwait(false))
                    {
                        var batch = Read(_messages.Current);
                        if (batch.Entries.Length > 0) publish(batch);
                    }
                    return; // the consumer ended: cancelled
                }
                catch (Exception e) when (e is not (LogUnusableException or OperationCanceledException))
                {
                    ulong next = reader.Sequence == 0 ? reader.From.ReadFrom : reader.Sequence + 1;
                    logger.LogWarning("Reading the chat's log (NATS) stopped ({Error}); reading on from message {Next}", NatsRedaction.Redact(e.Message), next);
                    await _messages!.DisposeAsync().ConfigureAwait(false);
                    _messages = null;
                    while (_messages is null)
                    {
                        await Task.Delay(ConsumerRetry, cancel).ConfigureAwait(false);
                        try { _messages = await ConsumeFromAsync(next, cancel).ConfigureAwait(false); }
                        catch (NatsException again) { logger.LogWarning("Cannot read the chat's log (NATS) yet: {Error}", NatsRedaction.Redact(again.Message)); }
                    }
                }
            }
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested) { }
        catch (Exception e)
        {
            logger.LogCritical("Reading the chat's log (NATS) failed: {Error}", NatsRedaction.Redact(e.Message));
            fail(e);
        }
        finally
        {
            if (_messages is not null) await _messages.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>How long to wait before a new consumer is made, after one failed.</summary>
    private static readonly TimeSpan ConsumerRetry = TimeSpan.FromMilliseconds(500);

    /// <summary>An ordered consumer from message <paramref name="start"/> on, its messages as they come.</summary>
    private async Task<IAsyncEnumerator<INatsJSMsg<byte[]>>> ConsumeFromAsync(ulong start, CancellationToken cancel)
    {
        var consumer = await js.CreateOrderedConsumerAsync(options.Stream, new NatsJSOrderedConsumerOpts
        {
            DeliverPolicy = ConsumerConfigDeliverPolicy.ByStartSequence, // both are needed for a start position
            OptStartSeq = start,
        }, cancel).ConfigureAwait(false);
        return consumer.ConsumeAsync<byte[]>(opts: Consume, cancellationToken: cancel).GetAsyncEnumerator(cancel);
    }

    private NatsBatch Read(INatsJSMsg<byte[]> message)
    {
        var metadata = message.Metadata ?? throw new LogUnusableException($"a message of {options.Stream} came without its stream metadata");
        return reader.Read(metadata.Sequence.Stream, metadata.Timestamp, message.Subject, message.Data ?? []);
    }

    private static T Wait<T>(Task<T> task)
    {
        try { return task.GetAwaiter().GetResult(); }
        catch (NatsException e) { throw new LogUnusableException($"the chat's log (NATS) could not be read: {NatsRedaction.Redact(e.Message)}", e); }
    }
}
