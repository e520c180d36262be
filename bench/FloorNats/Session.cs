using System.Net.Sockets;
using System.Text;

namespace FloorNats;

/// <summary>
/// Reads one connection's lines and does what bench/floor does with them, except that chat
/// lines, joins and leaves go to the log (<see cref="LogWriter"/>) instead of straight to the
/// room: the log reader of every relay delivers them. Replies to the member alone
/// (<c>Welcome…</c>, <c>You joined room …</c>, <c>Users: …</c>) are sent at once, by this relay.
/// </summary>
public sealed class Session(Socket socket, Lobby lobby, LogWriter log)
{
    private const int MaxLine = 4096;
    private readonly Member _member = new(Member.NextId(), socket);

    public async Task RunAsync()
    {
        var buffer = new byte[64 << 10];
        var have = 0;
        try
        {
            while (true)
            {
                var read = await socket.ReceiveAsync(buffer.AsMemory(have), SocketFlags.None);
                if (read == 0) return;
                var end = have + read;
                var start = 0;
                for (var i = have; i < end; i++)
                {
                    if (buffer[i] != '\n') continue;
                    if (!Handle(buffer.AsSpan(start, i - start))) return;
                    start = i + 1;
                }
                have = end - start;
                if (have > MaxLine) return;
                buffer.AsSpan(start, have).CopyTo(buffer);
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException) { }
        finally
        {
            Leave();
            _member.Dispose();
        }
    }

    /// <summary>Does what one line asks; false when the member is done (quit or exit).</summary>
    private bool Handle(ReadOnlySpan<byte> line)
    {
        line = line.TrimEnd(" \t\r"u8).TrimStart(" \t"u8);
        if (line.IsEmpty) return true;
        if (_member.Name is null)
        {
            _member.Name = line.ToArray();
            lobby.LogIn(_member);
            _member.Reply("Welcome to the chat server!\n"u8);
            return true;
        }
        if (line.SequenceEqual("quit"u8) || line.SequenceEqual("exit"u8)) return false;
        if (line.StartsWith("/join "u8)) { Join(line[6..].TrimStart(" "u8)); return true; }
        if (line.SequenceEqual("/users"u8)) { _member.Reply(UsersLine()); return true; }
        if (line[0] == '/') { _member.Reply("Unknown command\n"u8); return true; }
        if (_member.Room is not { } room) { _member.Reply("Join a room first using /join <room>\n"u8); return true; }
        log.Append(new Entry(EntryKind.Chat, _member.Id, _member.Name, room.NameBytes, line));
        return true;
    }

    private void Join(ReadOnlySpan<byte> name)
    {
        if (name.IsEmpty) { _member.Reply("Usage: /join <room>\n"u8); return; }
        if (_member.Room is { } current && name.SequenceEqual(current.NameBytes))
        {
            _member.Reply(Encoding.UTF8.GetBytes($"You are already in room {current.Name}\n"));
            return;
        }
        if (_member.Room is { } old) log.Append(new Entry(EntryKind.Left, _member.Id, _member.Name, old.NameBytes, []));
        var room = Encoding.UTF8.GetString(name);
        // Replied before the member is in the room, so no line of the room comes before it.
        _member.Reply(Encoding.UTF8.GetBytes($"You joined room {room}\n"));
        var joined = lobby.Join(_member, room);
        log.Append(new Entry(EntryKind.Joined, _member.Id, _member.Name, joined.NameBytes, []));
    }

    /// <summary>This relay's users only (the floor does not know the other relay's).</summary>
    private byte[] UsersLine()
    {
        var users = new StringBuilder("Users: ");
        var first = true;
        foreach (var user in lobby.Users)
        {
            if (!first) users.Append(", ");
            users.Append(Encoding.UTF8.GetString(user.Name!));
            first = false;
        }
        return Encoding.UTF8.GetBytes(users.Append('\n').ToString());
    }

    private void Leave()
    {
        if (_member.Name is { } name && _member.Room is { } room)
            log.Append(new Entry(EntryKind.Left, _member.Id, name, room.NameBytes, []));
        lobby.LogOut(_member);
    }
}
