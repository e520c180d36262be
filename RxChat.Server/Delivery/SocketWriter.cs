using System.Buffers;
using System.Net.Sockets;

namespace RxChat.Server.Delivery;

/// <summary>
/// Writes one plain TCP connection's outbox, from its <see cref="SendLoop"/>: when rung, it
/// copies its waiting lines into the loop's batch and sends them without waiting. What the
/// socket cannot take at once (the peer reads slowly) is sent off the loop, and the writer
/// takes its next turn once that is done; meanwhile its lines wait in the shared buffer,
/// counted against its limit like any backlog.
/// </summary>
internal sealed class SocketWriter
{
    private readonly Socket _socket;
    private readonly Outbox _outbox;
    private readonly SendLoop _loop;
    private readonly TaskCompletionSource<bool> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile bool _sendingLate; // the socket was full: the rest is being sent off the loop
    private int _finished;

    /// <param name="socket">A socket in non-blocking mode: a send takes what fits and returns.</param>
    public SocketWriter(Socket socket, Outbox outbox, SendLoop loop)
    {
        _socket = socket;
        _outbox = outbox;
        _loop = loop;
        outbox.Wake = reply => loop.Ready(this, reply);
    }

    /// <summary>
    /// Completes once the connection is hung up and everything queued is sent (true), or its
    /// outbox is closed or the peer vanished mid-write (false). A vanished peer is common —
    /// a storm of leavers is sent the first leaves before their ends are read — so it is a
    /// result, not an exception: throwing costs more than the send.
    /// </summary>
    public Task<bool> Done => _done.Task;

    /// <summary>On the loop's thread: sends what is waiting, up to <see cref="SendLoop.BytesPerTurn"/>.</summary>
    public void Write(byte[] batch)
    {
        if (Volatile.Read(ref _finished) == 1 || _sendingLate) return; // a late send's end brings it back
        _outbox.Answer(); // lines published from now on ring again
        int turn = 0;
        while (true)
        {
            int used = _outbox.DrainInto(batch, out var large);
            if (used == 0 && large is null) break;
            if (used > 0 && !SendNow(batch.AsMemory(0, used), borrowed: true)) return;
            if (large is not null && !SendNow(large.Bytes, borrowed: false)) return;
            turn += used + (large?.Bytes.Length ?? 0);
            if (turn >= SendLoop.BytesPerTurn)
            {
                _loop.Ready(this); // the others' turn first; the rest on its next one
                return;
            }
        }
        if (_outbox.IsDone) Finish(sent: !_outbox.IsClosed);
    }

    /// <summary>True when all of <paramref name="bytes"/> went; false when the writer must wait (or is finished).</summary>
    private bool SendNow(ReadOnlyMemory<byte> bytes, bool borrowed)
    {
        int sent;
        SocketError error;
        try { sent = _socket.Send(bytes.Span, SocketFlags.None, out error); }
        catch (ObjectDisposedException) { Finish(sent: false); return false; } // closed under us: cut off
        if (error == SocketError.Success && sent == bytes.Length) return true;
        if (error is not (SocketError.Success or SocketError.WouldBlock))
        {
            Finish(sent: false);
            return false;
        }
        // The socket's buffer is full. The batch is the loop's, reused at once: the rest is
        // copied out first. A large line's bytes are its own and stay as they are.
        var rest = bytes[Math.Max(0, sent)..];
        byte[]? copy = null;
        if (borrowed)
        {
            copy = ArrayPool<byte>.Shared.Rent(rest.Length);
            rest.CopyTo(copy);
            rest = copy.AsMemory(0, rest.Length);
        }
        _sendingLate = true;
        _ = SendLateAsync(rest, copy);
        return false;
    }

    private async Task SendLateAsync(ReadOnlyMemory<byte> rest, byte[]? copy)
    {
        try { await _socket.SendAsync(rest, SocketFlags.None).ConfigureAwait(false); }
        catch (Exception)
        {
            Finish(sent: false); // the peer vanished, or the connection was cut off
            return;
        }
        finally
        {
            if (copy is not null) ArrayPool<byte>.Shared.Return(copy);
        }
        _sendingLate = false;
        _loop.Ready(this);
    }

    /// <summary>On the loop's thread: writing failed unexpectedly; the connection is cut off, saying why.</summary>
    public void Fail(Exception fault)
    {
        _outbox.CutOff($"could not be written to: {fault.Message}");
        Finish(sent: false);
    }

    private void Finish(bool sent)
    {
        if (Interlocked.Exchange(ref _finished, 1) == 1) return;
        // Nobody reads this outbox again: its cursors let go now, or they would hold the
        // shared streams' lines for ever.
        _outbox.Close();
        _done.TrySetResult(sent);
    }
}
