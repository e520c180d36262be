using System.Buffers;
using System.Net.Sockets;

namespace FloorNats;

/// <summary>
/// One connection's output, and who it is. Lines a wake-up of the log reader owes it are
/// gathered in <see cref="Owed"/> (the reader's thread alone touches it) and sent with ONE
/// non-blocking send at the end of the wake-up (<see cref="FlushOwed"/>), as bench/floor sends
/// one writev per recipient per wake-up. Bytes the socket does not take wait in a backlog,
/// written by one asynchronous send at a time; a reader 16 MiB behind is cut off.
/// Replies to the member's own commands (<see cref="Reply"/>) go out at once, by the same path.
/// </summary>
public sealed class Member(long id, Socket socket) : IDisposable
{
    private const int MaxBacklog = 16 << 20;
    private static long s_next;

    private readonly Lock _gate = new();
    private byte[] _backlog = new byte[4096];
    private byte[] _spare = new byte[4096];
    private int _backlogLength;
    private bool _draining; // an asynchronous send owns the socket's output
    private bool _closed;

    public static long NextId() => Interlocked.Increment(ref s_next);

    /// <summary>This relay's number for the member: with the relay's name, who sent an entry.</summary>
    public long Id { get; } = id;

    /// <summary>The name it logged in with (UTF-8), null before.</summary>
    public byte[]? Name { get; set; }

    /// <summary>The room it is in, null before its first join.</summary>
    public Room? Room { get; set; }

    /// <summary>Lines owed this wake-up; the log reader's thread alone touches it.</summary>
    internal ArrayBufferWriter<byte> Owed { get; } = new(1024);

    /// <summary>On the log reader's list of members to flush at the end of this wake-up (its thread alone).</summary>
    internal bool Dirty { get; set; }

    public bool Closed { get { lock (_gate) return _closed; } }

    public void Reply(ReadOnlySpan<byte> line)
    {
        lock (_gate) SendLocked(line);
    }

    /// <summary>One send of everything owed this wake-up.</summary>
    internal void FlushOwed()
    {
        lock (_gate) SendLocked(Owed.WrittenSpan);
        Owed.ResetWrittenCount();
        Dirty = false;
    }

    private void SendLocked(ReadOnlySpan<byte> bytes)
    {
        if (_closed || bytes.IsEmpty) return;
        if (!_draining)
        {
            var sent = socket.Send(bytes, SocketFlags.None, out var error);
            if (error == SocketError.WouldBlock) sent = 0;
            else if (error != SocketError.Success) { CloseLocked(); return; }
            if (sent == bytes.Length) return;
            bytes = bytes[sent..];
        }
        if (_backlogLength + bytes.Length > MaxBacklog) { CloseLocked(); return; }
        if (_backlogLength + bytes.Length > _backlog.Length)
            Array.Resize(ref _backlog, Math.Max(_backlog.Length * 2, _backlogLength + bytes.Length));
        bytes.CopyTo(_backlog.AsSpan(_backlogLength));
        _backlogLength += bytes.Length;
        if (!_draining)
        {
            _draining = true;
            _ = DrainAsync();
        }
    }

    /// <summary>Writes the backlog until it is empty; what is owed meanwhile is added to it, in order.</summary>
    private async Task DrainAsync()
    {
        try
        {
            while (true)
            {
                byte[] chunk;
                int length;
                lock (_gate)
                {
                    if (_backlogLength == 0 || _closed) { _draining = false; return; }
                    (chunk, length) = (_backlog, _backlogLength);
                    (_backlog, _spare) = (_spare, chunk); // what is owed meanwhile goes to the other buffer
                    _backlogLength = 0;
                }
                var at = 0;
                while (at < length) at += await socket.SendAsync(chunk.AsMemory(at, length - at), SocketFlags.None);
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            Dispose();
        }
    }

    private void CloseLocked()
    {
        _closed = true;
        socket.Dispose(); // the session's read ends, and it leaves the room
    }

    public void Dispose()
    {
        lock (_gate) if (!_closed) CloseLocked();
    }
}
