using System.Buffers;
using System.Collections.Concurrent;
using System.Net.Sockets;
using System.Reactive.Linq;
using System.Text;
using System.Threading.Channels;
using RxChat.Protocol;
using RxChat.Server.Core;
using RxChat.Server.Protocol;

namespace RxChat.Server.Transport;

/// <summary>
/// One IRC client, plain or over TLS (the IRC ports). Like any connection it only moves
/// lines: its <see cref="IrcSession"/> reads them (it keeps the registration and the
/// capabilities taken), and its write loop sends what the chat rendered for it — adapted to
/// those capabilities (<see cref="IrcOutput"/>) and ended with CR LF — along with what the
/// session answers by itself at once. It pings a client that has gone quiet, and one that
/// does not answer is cut off, gone like any dead peer.
/// </summary>
public sealed class IrcConnection : SocketConnection, IChatConnection
{
    private static readonly Encoding Utf8 = new UTF8Encoding(false);
    private const int BatchBytes = 16 * 1024;
    private static readonly byte[] LineEnd = "\r\n"u8.ToArray();

    private readonly IrcSession _session;
    private readonly ConcurrentQueue<string> _replies = new(); // the session's own answers, sent ahead of what the chat says next
    private readonly Channel<bool> _bell = Channel.CreateUnbounded<bool>(new UnboundedChannelOptions { SingleReader = true });
    private readonly TimeSpan _pingEvery;
    private long _heard = Environment.TickCount64; // when a line last came in

    /// <param name="pingEvery">How long a client may be quiet before it is pinged; as long again to answer, or it is cut off.</param>
    /// <param name="tls">For the IRC TLS port: the handshake comes first, and nothing is read or written in clear.</param>
    public IrcConnection(ConnectionId id, Socket socket, TransportLimits limits, TimeSpan pingEvery, ServerTls? tls = null)
        : base(id, socket, limits with { MaxLineBytes = IrcLines.MaxTagBytes + IrcLines.MaxLineBytes }, tls, plainStream: true)
    {
        _pingEvery = pingEvery;
        _session = new IrcSession(Reply);
        Outbox.Wake = _ => _bell.Writer.TryWrite(true);
        // The shared read loop; every line is a sign of life, for the pings.
        Lines = Observable.Create<InboundLine>(ReadStreamLinesAsync).Do(_ => Volatile.Write(ref _heard, Environment.TickCount64));
        Closed = WriteLoopAsync();
        _ = PingLoopAsync();
    }

    public override CodecKind Codec => CodecKind.Irc;

    /// <summary>Its lines are read by its session, which remembers the registration between them.</summary>
    public IFrameReader? Reader => _session;

    /// <summary>A line for this client alone, now: the session's answer to something only IRC needed.</summary>
    private void Reply(string line)
    {
        _replies.Enqueue(line);
        _bell.Writer.TryWrite(true);
    }

    /// <summary>
    /// Rung by the outbox (lines published, a hang-up, a close) and by the session's replies:
    /// sends the replies, then the chat's lines in log order, adapted to what the client took,
    /// many lines to a write. A line's adapted bytes are shared with every other IRC client that
    /// took the same (<see cref="IrcOutput.Wire"/>), and copying them into the batch allocates
    /// nothing: only a full batch waits (for its write), never a line.
    /// </summary>
    protected override async Task<bool> SendAllAsync(Stream stream)
    {
        var batch = ArrayPool<byte>.Shared.Rent(BatchBytes);
        try
        {
            while (true)
            {
                Outbox.Answer(); // lines published from now on ring again
                int used = 0;
                bool replied = false; // this turn's replies are sent: the chat's lines now
                while (Next(ref replied, out var line))
                {
                    if (used + line.Length + LineEnd.Length > batch.Length && used > 0)
                    {
                        await stream.WriteAsync(batch.AsMemory(0, used)).ConfigureAwait(false);
                        used = 0;
                    }
                    if (line.Length + LineEnd.Length > batch.Length) // larger than a batch: on its own
                    {
                        await stream.WriteAsync(line).ConfigureAwait(false);
                        await stream.WriteAsync(LineEnd).ConfigureAwait(false);
                        continue;
                    }
                    line.Span.CopyTo(batch.AsSpan(used));
                    used += line.Length;
                    LineEnd.CopyTo(batch.AsSpan(used));
                    used += LineEnd.Length;
                }
                if (used > 0) await stream.WriteAsync(batch.AsMemory(0, used)).ConfigureAwait(false);
                if (Outbox.IsDone) break;
                if (!await _bell.Reader.WaitToReadAsync().ConfigureAwait(false)) break;
                while (_bell.Reader.TryRead(out _)) { }
            }
            return !Outbox.IsClosed; // closed: cut off, nobody to say goodbye to
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(batch);
            Outbox.Close(); // nobody reads this outbox again: its cursors let go now
        }
    }

    /// <summary>
    /// The next line's bytes, without CR LF: the session's replies first, then the chat's lines
    /// as this client's capabilities let it see them (some it is not sent at all). A reply that
    /// comes once the chat's lines are under way waits for the next turn.
    /// </summary>
    private bool Next(ref bool replied, out ReadOnlyMemory<byte> bytes)
    {
        if (!replied)
        {
            if (_replies.TryDequeue(out var reply))
            {
                bytes = Utf8.GetBytes(reply); // its own: said to this client alone
                return true;
            }
            replied = true;
        }
        while (Outbox.TryTake(out var line))
        {
            if (IrcOutput.Wire(line, _session.Capabilities, out bytes)) return true;
        }
        bytes = default;
        return false;
    }

    /// <summary>
    /// A client quiet for <c>pingEvery</c> is sent <c>PING</c>; quiet for as long again, it is
    /// cut off (its lines end with the reason, and the chat hears it is gone).
    /// </summary>
    private async Task PingLoopAsync()
    {
        var tick = TimeSpan.FromMilliseconds(Math.Max(50, _pingEvery.TotalMilliseconds / 4));
        long pinged = 0; // when the outstanding PING was sent; 0 when none is
        try
        {
            while (!Aborting.IsCancellationRequested && !IsClosed)
            {
                await Task.Delay(tick, Aborting.Token).ConfigureAwait(false);
                long now = Environment.TickCount64, heard = Volatile.Read(ref _heard);
                if (pinged != 0 && heard >= pinged) pinged = 0; // it answered (any line will do)
                if (pinged == 0 && now - heard >= _pingEvery.TotalMilliseconds)
                {
                    pinged = now;
                    Reply(IrcWords.FromServer("PING", IrcLines.Server));
                }
                else if (pinged != 0 && now - pinged >= _pingEvery.TotalMilliseconds)
                {
                    Abort(IrcLines.NoPong.Render(_pingEvery.TotalSeconds.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture)));
                    return;
                }
            }
        }
        catch (OperationCanceledException) { /* cut off or closed */ }
    }

    protected override void OnClosed() => _bell.Writer.TryComplete();
}
