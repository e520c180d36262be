using System.Buffers;
using System.Net;
using RxChat.Protocol;
using RxChat.Server.Core;
using RxChat.Server.Delivery;
using RxChat.Server.Protocol;

namespace RxChat.Server.Transport;

/// <summary>
/// What every connection kind shares, whatever moves its bytes: a bounded outbox its writer
/// reads from the node's shared buffer (a reader that cannot keep up is cut off, never waited for), a hang-up
/// that lets the writer finish what is queued — within a deadline — and an abort that cuts
/// the connection off at once, telling the reader why. A kind only adds its read loop, its
/// write loop and how it closes at once.
/// </summary>
public abstract class QueuedConnection : IChatConnection
{
    /// <summary>How long a closing connection waits for the peer to close its side too.</summary>
    protected static readonly TimeSpan LingerForPeer = TimeSpan.FromSeconds(2);

    private readonly TimeSpan _closeTimeout;
    private string? _abortReason;
    private int _hungUp;

    protected QueuedConnection(ConnectionId id, EndPoint? remote, TransportLimits limits)
    {
        Id = id;
        Remote = remote;
        MaxLineBytes = limits.MaxLineBytes;
        _closeTimeout = TimeSpan.FromSeconds(Math.Max(0, limits.CloseTimeoutSeconds));
        Outbox = new Outbox(limits.MaxQueuedBytes)
        {
            OnCutOff = reason =>
            {
                WasTooSlow = true;
                Abort(reason);
            },
        };
    }

    public ConnectionId Id { get; }
    public EndPoint? Remote { get; }
    public virtual CodecKind Codec => CodecKind.Text;

    /// <summary>Whether it is encrypted (the TLS port, <c>wss://</c>): set by the kind that knows.</summary>
    public bool IsSecure { get; protected init; }

    /// <summary>Lines as they arrive (set by the kind's constructor: its read loop).</summary>
    public IObservable<InboundLine> Lines { get; protected init; } = null!;

    /// <summary>Completes when the connection is closed, however that happened (set by the kind's constructor: its write loop).</summary>
    public Task Closed { get; protected init; } = null!;

    /// <summary>Bytes waiting to be written (the slow-consumer measure).</summary>
    public long QueuedBytes => Outbox.QueuedBytes;

    /// <summary>Why the server cut this connection off, if it did.</summary>
    public string? AbortReason => _abortReason;

    /// <summary>Whether it was cut off for not reading what it was sent.</summary>
    public bool WasTooSlow { get; private set; }

    /// <summary>Its lines, read by its write loop from the node's shared buffer.</summary>
    public Outbox Outbox { get; }
    protected int MaxLineBytes { get; }

    /// <summary>Completed by the read loop when it ends, so the write loop can linger for the peer's close.</summary>
    protected TaskCompletionSource ReaderDone { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Cancelled when the connection is cut off.</summary>
    protected CancellationTokenSource Aborting { get; } = new();

    /// <summary>On the fold's thread: what is appended so far is sent, then the connection closes.</summary>
    public void Hangup()
    {
        Outbox.Complete();
        Outbox.Ring();
        if (Interlocked.Exchange(ref _hungUp, 1) == 0) _ = CutOffIfStuckAsync();
    }

    /// <summary>Cuts the connection off now, dropping what is queued; the reader then fails with the reason.</summary>
    public void Abort(string reason)
    {
        Interlocked.CompareExchange(ref _abortReason, reason, null);
        Outbox.Close();
        Aborting.Cancel();
        CloseNow();
    }

    /// <summary>
    /// The heart of a write loop: waits for lines and hands them to <paramref name="send"/> in
    /// batches — many lines, one send; a line larger than a batch on its own — until the
    /// connection is hung up and everything queued is sent, or it is cut off.
    /// </summary>
    protected async Task SendQueuedAsync(Func<ReadOnlyMemory<byte>, Task> send)
    {
        try
        {
            while (await Outbox.WaitAsync().ConfigureAwait(false))
            {
                var batch = ArrayPool<byte>.Shared.Rent(Outbox.BatchBytes);
                try
                {
                    while (true)
                    {
                        int used = Outbox.DrainInto(batch, out var large);
                        if (used > 0) await send(batch.AsMemory(0, used)).ConfigureAwait(false);
                        if (large is not null) await send(large.Bytes).ConfigureAwait(false);
                        if (used == 0 && large is null) break;
                    }
                }
                finally { ArrayPool<byte>.Shared.Return(batch); }
            }
        }
        finally
        {
            // Done, or the peer vanished mid-write: nobody reads this outbox again, so its
            // cursors let go now, or they would hold the shared streams' lines for ever.
            Outbox.Close();
        }
    }

    /// <summary>
    /// The heart of a write loop for a transport that frames each line itself (a WebSocket
    /// text frame per line): waits for lines and hands them to <paramref name="send"/> one by
    /// one, as they were rendered, until the connection is hung up and everything queued is
    /// sent, or it is cut off. A <paramref name="wakeUp"/> brackets the lines of each wake-up,
    /// for a transport that can send them together.
    /// </summary>
    protected async Task SendEachLineAsync(Func<OutboundLine, ValueTask> send, IWakeUpBatch? wakeUp = null)
    {
        try
        {
            while (await Outbox.WaitAsync().ConfigureAwait(false))
            {
                wakeUp?.Begin();
                while (Outbox.TryTake(out var line)) await send(line).ConfigureAwait(false);
                if (wakeUp is not null) await wakeUp.EndAsync().ConfigureAwait(false);
            }
        }
        finally
        {
            // As in SendQueuedAsync: nobody reads this outbox again, its cursors let go now.
            Outbox.Close();
        }
    }

    /// <summary>Closes the transport at once (an abort): pending reads and writes end.</summary>
    protected abstract void CloseNow();

    /// <summary>The reason to report when a read fails after an abort, instead of the transport's own error.</summary>
    protected Exception? AbortedBecause() => _abortReason is { } reason ? new ConnectionAbortedException(reason) : null;

    /// <summary>
    /// A peer that stops reading once we have hung up (it quit, was refused, or left) is no
    /// longer sent anything, so its queue never overflows; without a deadline its writer would
    /// wait on it, holding the connection, the queue and a connection slot, forever.
    /// </summary>
    private async Task CutOffIfStuckAsync()
    {
        try { await Closed.WaitAsync(_closeTimeout).ConfigureAwait(false); }
        catch (TimeoutException) { Abort($"did not take its last lines within {_closeTimeout.TotalSeconds:0.###} s"); }
    }
}
