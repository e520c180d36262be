using System.Diagnostics;
using System.Security.Cryptography;
using NATS.Client.Core;
using NATS.Client.JetStream;

namespace RxChat.Server.Log.Nats;

/// <summary>
/// Stores one node's runs in the stream, in order, each exactly once. A run is published on the
/// node's own subject with a <c>Nats-Msg-Id</c> unique to this node, this process and this run,
/// and unguessable (<see cref="NextId"/>), and waited for: only
/// one run is in flight, so the node's runs are stored in the order it appended them. While
/// the connection is up but JetStream does not answer (a stream leader is being elected) the
/// same message is published again, which JetStream stores at most once (a duplicate ack is
/// success). When NATS is not reachable it fails at once, so the fold never waits for long.
/// </summary>
/// <remarks>
/// A run that failed may still have been stored (its ack was lost). Before the next run, it
/// is settled: an empty message is published under its id. If the run was stored, that is a
/// duplicate and nothing changes; if not, the empty message takes its id, so the run can
/// never be stored later, after runs appended after it. Either way, order is kept.
/// </remarks>
public sealed class NatsAppender(NatsConnection nats, INatsJSContext js, NatsLogOptions options)
{
    private static readonly byte[] Nothing = [];

    /// <summary>This process among the node's incarnations (random), so a restarted node's run 1 is not a duplicate of the last one's.</summary>
    private readonly string _incarnation = RandomHex(12);
    private long _runs;
    private string? _unsettled;
    private long _unreachableSince; // when a publish first found the connection down; 0 while it is up

    /// <summary>Stores <paramref name="messages"/> (one run) in order, or throws <see cref="LogWriteException"/>; called by one thread at a time.</summary>
    public void Append(IReadOnlyList<byte[]> messages)
    {
        if (_unsettled is { } id)
        {
            Publish(id, Nothing);
            _unsettled = null;
        }
        foreach (var message in messages)
        {
            id = NextId();
            try { Publish(id, message); }
            catch (LogWriteException)
            {
                _unsettled = id;
                throw;
            }
        }
    }

    /// <summary>
    /// The next run's id: node, incarnation, run number and a random part. JetStream drops a
    /// message whose id it has seen within the duplicate window, whoever published it and on
    /// whichever subject; were ids predictable (seeing one run's id tells the next one's),
    /// anyone allowed to publish anywhere on the stream could publish them first and this
    /// node's runs would be acknowledged as duplicates, never stored. The random part makes
    /// the next id unknowable before it is used.
    /// </summary>
    private string NextId() => $"{options.Node}.{_incarnation}.{++_runs}.{RandomHex(8)}";

    private static string RandomHex(int bytes) => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(bytes));

    /// <summary>
    /// Waits for a lost connection to come back, but only within <see cref="NatsLogOptions.ReconnectGrace"/>
    /// of noticing it lost: past that, every run fails at once until it is back.
    /// </summary>
    private void WaitForConnection()
    {
        while (nats.ConnectionState != NatsConnectionState.Open)
        {
            long now = Stopwatch.GetTimestamp();
            if (_unreachableSince == 0) _unreachableSince = now;
            if (Stopwatch.GetElapsedTime(_unreachableSince, now) >= options.ReconnectGrace)
                throw new LogWriteException("the chat's log (NATS) is not reachable");
            Thread.Sleep(20);
        }
        _unreachableSince = 0;
    }

    /// <summary>Publishes one message under <paramref name="id"/> until JetStream has it (a duplicate ack included), or throws <see cref="LogWriteException"/>.</summary>
    internal void Publish(string id, byte[] message)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(options.RetryFor.TotalSeconds * Stopwatch.Frequency);
        var opts = new NatsJSPubOpts { MsgId = id };
        while (true)
        {
            WaitForConnection();
            try
            {
                using var timeout = new CancellationTokenSource(options.AckTimeout);
                var ack = js.PublishAsync(options.Subject, message, opts: opts, cancellationToken: timeout.Token)
                    .AsTask().GetAwaiter().GetResult();
                if (ack.Duplicate) return; // stored before, by an earlier attempt: that is success
                if (ack.Error is { } error) throw new LogWriteException($"the chat's log (NATS) refused the run: {error.Description} ({error.Code})");
                return;
            }
            catch (Exception e) when (e is NatsJSPublishNoResponseException or NatsNoRespondersException or OperationCanceledException or NatsException and not NatsJSApiException)
            {
                // No answer: not stored yet, or stored and the ack lost. The same id again is safe.
                if (Stopwatch.GetTimestamp() > deadline)
                    throw new LogWriteException($"the chat's log (NATS) did not answer: {NatsRedaction.Redact(e.Message)}", e);
                Thread.Sleep(50);
            }
            catch (NatsJSApiException e)
            {
                throw new LogWriteException($"the chat's log (NATS) refused the run: {NatsRedaction.Redact(e.Message)}", e);
            }
        }
    }
}
