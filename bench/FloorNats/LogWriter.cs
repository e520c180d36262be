using System.Buffers;
using NATS.Client.JetStream;

namespace FloorNats;

/// <summary>
/// Publishes this relay's entries to the stream, on its own subject, in the order the sessions
/// appended them. Entries appended while a publish is being written wait and go together in
/// the next message (a batch, as RxChat stores a run of commands in one message). Publishes
/// are pipelined: each is written to the connection in turn, in order, and its ack is awaited
/// on its own, up to <see cref="MaxInFlight"/> at once, so the relay never waits for
/// JetStream's round trip between two batches. An ack that fails is counted and reported on
/// stderr; nothing is retried (the floor keeps no promises RxChat keeps, see README.md).
/// </summary>
public sealed class LogWriter(NatsJSContext js, string subject) : IDisposable
{
    /// <summary>A batch is closed at this size; a JetStream message must stay below 1 MiB (NATS's default max_payload).</summary>
    private const int BatchBytes = 256 << 10;

    private const int MaxInFlight = 256;

    private readonly Lock _gate = new();
    private readonly Queue<byte[]> _closed = new();
    private readonly ArrayBufferWriter<byte> _open = new(64 << 10);
    private readonly SemaphoreSlim _work = new(0);
    private readonly SemaphoreSlim _inFlight = new(MaxInFlight, MaxInFlight);
    private bool _signalled;
    private long _failed;

    private long _published;
    private long _entries;

    /// <summary>What it did, for the line printed at the end: messages published and the entries in them.</summary>
    public string Tally => $"published {Interlocked.Read(ref _published)} messages holding {Interlocked.Read(ref _entries)} entries";

    /// <summary>Publishes that JetStream did not acknowledge.</summary>
    public long Failed => Interlocked.Read(ref _failed);

    /// <summary>Adds one entry to the next batch; any session's thread.</summary>
    public void Append(in Entry entry)
    {
        lock (_gate)
        {
            entry.WriteTo(_open);
            _entries++;
            if (_open.WrittenCount >= BatchBytes) Close();
            if (_signalled) return;
            _signalled = true;
        }
        _work.Release();
    }

    private void Close()
    {
        _closed.Enqueue(_open.WrittenSpan.ToArray());
        _open.ResetWrittenCount();
    }

    public async Task RunAsync(CancellationToken stop)
    {
        var batches = new List<byte[]>();
        while (true)
        {
            await _work.WaitAsync(stop);
            lock (_gate)
            {
                if (_open.WrittenCount > 0) Close();
                batches.AddRange(_closed);
                _closed.Clear();
                _signalled = false;
            }
            foreach (var batch in batches)
            {
                await _inFlight.WaitAsync(stop);
                // Completes once the message is written to the connection: the next one follows it.
                var ack = await js.PublishConcurrentAsync(subject, batch, cancellationToken: stop);
                _ = AcknowledgedAsync(ack);
                Interlocked.Increment(ref _published);
            }
            batches.Clear();
        }
    }

    private async Task AcknowledgedAsync(NatsJSPublishConcurrentFuture ack)
    {
        try
        {
            await using (ack)
            {
                var response = await ack.GetResponseAsync();
                if (response.Error is { } error)
                {
                    Interlocked.Increment(ref _failed);
                    await Console.Error.WriteLineAsync($"publish refused: {error.Description} ({error.Code})");
                }
            }
        }
        catch (Exception e) when (e is NATS.Client.Core.NatsException or OperationCanceledException)
        {
            Interlocked.Increment(ref _failed);
            await Console.Error.WriteLineAsync($"publish not acknowledged: {e.Message}");
        }
        finally
        {
            _inFlight.Release();
        }
    }

    public void Dispose()
    {
        _work.Dispose();
        _inFlight.Dispose();
    }
}
