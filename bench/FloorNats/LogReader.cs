using System.Buffers;
using System.Text;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;

namespace FloorNats;

/// <summary>
/// Reads the whole stream in order with one ordered consumer, as an RxChat node reads its
/// cluster's log, and delivers each entry to this relay's own members. A <em>wake-up</em> is
/// every message the client already holds when one is read: their lines are formatted once
/// each and gathered per member, and when the next message is not there yet each member owed
/// something gets one send (<see cref="Member.FlushOwed"/>), as bench/floor does per epoll_wait.
/// </summary>
public sealed class LogReader(NatsJSContext js, string stream, string ownSubject, Lobby lobby)
{
    /// <summary>As RxChat's feed consumes (RxChat.Server/Log/Nats/NatsLogFeed.cs).</summary>
    private static readonly NatsJSConsumeOpts Consume = new()
    {
        MaxMsgs = 1000,
        Expires = TimeSpan.FromSeconds(30),
        IdleHeartbeat = TimeSpan.FromSeconds(1),
    };

    private readonly List<Member> _owed = [];
    private readonly ArrayBufferWriter<byte> _line = new(4096);
    private readonly Stamp _stamp = new();
    private long _messages, _entries, _wakeUps, _sends;
    private Room? _lastRoom; // the room of the last entry: most entries of a wake-up are for the same one

    /// <summary>What it did, for the line printed at the end (read after it stopped).</summary>
    public string Tally => $"read {_messages} messages holding {_entries} entries in {_wakeUps} wake-ups, {_sends} sends to members";

    public async Task RunAsync(CancellationToken stop)
    {
        var consumer = await js.CreateOrderedConsumerAsync(stream, new NatsJSOrderedConsumerOpts { DeliverPolicy = ConsumerConfigDeliverPolicy.All }, stop);
        await using var messages = consumer.ConsumeAsync<byte[]>(opts: Consume, cancellationToken: stop).GetAsyncEnumerator(stop);
        var next = messages.MoveNextAsync();
        while (true)
        {
            if (!next.IsCompleted) Flush(); // nothing more here yet: the wake-up ends
            if (!await next) return;
            _messages++;
            Deliver(messages.Current.Subject, messages.Current.Data);
            next = messages.MoveNextAsync();
        }
    }

    private void Deliver(string subject, byte[]? data)
    {
        var mine = subject == ownSubject;
        var stamp = _stamp.Now();
        var rest = new ReadOnlySpan<byte>(data);
        while (!rest.IsEmpty)
        {
            var entry = Entry.ReadFrom(ref rest);
            _entries++;
            var except = mine ? entry.Member : 0; // ids start at 1
            _line.ResetWrittenCount();
            _line.Write(stamp);
            _line.Write(entry.Name);
            switch (entry.Kind)
            {
                case EntryKind.Chat:
                    _line.Write(": "u8);
                    _line.Write(entry.Text);
                    _line.Write("\n"u8);
                    Owe(RoomOf(entry.Room)?.Members, except);
                    break;
                case EntryKind.Joined:
                    _line.Write(" joined the room\n"u8);
                    Owe(RoomOf(entry.Room)?.Members, except);
                    break;
                case EntryKind.Left:
                    _line.Write(" left the room "u8);
                    _line.Write(entry.Room);
                    _line.Write("\n"u8);
                    Owe(lobby.Users, except);
                    break;
            }
        }
    }

    private Room? RoomOf(ReadOnlySpan<byte> name)
    {
        if (_lastRoom is { } last && name.SequenceEqual(last.NameBytes)) return last;
        var room = lobby.Find(Encoding.UTF8.GetString(name));
        if (room is not null) _lastRoom = room;
        return room;
    }

    private void Owe(Member[]? recipients, long except)
    {
        if (recipients is null) return;
        var line = _line.WrittenSpan;
        foreach (var member in recipients)
        {
            if (member.Id == except) continue;
            member.Owed.Write(line);
            if (member.Dirty) continue;
            member.Dirty = true;
            _owed.Add(member);
        }
    }

    private void Flush()
    {
        if (_owed.Count == 0) return;
        _wakeUps++;
        _sends += _owed.Count;
        foreach (var member in _owed) member.FlushOwed();
        _owed.Clear();
    }
}

/// <summary>"[HH:MM:SS] " for now, made again only when the second changes.</summary>
internal sealed class Stamp
{
    private readonly byte[] _stamp = new byte[11];
    private long _second = -1;

    public ReadOnlySpan<byte> Now()
    {
        var now = DateTime.Now;
        var second = now.Ticks / TimeSpan.TicksPerSecond;
        if (second != _second)
        {
            _second = second;
            Encoding.ASCII.GetBytes($"[{now:HH:mm:ss}] ", _stamp);
        }
        return _stamp;
    }
}
