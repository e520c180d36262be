using System.Collections.Concurrent;
using System.Text;

namespace FloorNats;

/// <summary>A room at this relay: its local members. Members are replaced, never changed in place, so the log reader reads them without a lock.</summary>
public sealed class Room(string name)
{
    public string Name { get; } = name;
    public byte[] NameBytes { get; } = Encoding.UTF8.GetBytes(name);
    public Member[] Members { get => Volatile.Read(ref _members); set => Volatile.Write(ref _members, value); }
    private Member[] _members = [];
}

/// <summary>
/// This relay's own users and rooms: the only state it keeps. Changes come from the sessions'
/// threads, one at a time (a lock); the log reader reads the arrays as they are at that moment.
/// Users of the other relay are not known here: the log brings their lines, not their logins.
/// </summary>
public sealed class Lobby
{
    private readonly Lock _gate = new();
    private readonly ConcurrentDictionary<string, Room> _rooms = new(StringComparer.Ordinal);
    private Member[] _users = [];

    /// <summary>This relay's logged-in users, in login order.</summary>
    public Member[] Users => Volatile.Read(ref _users);

    public Room? Find(string room) => _rooms.GetValueOrDefault(room);

    public void LogIn(Member member)
    {
        lock (_gate) Volatile.Write(ref _users, [.. _users, member]);
    }

    /// <summary>Moves <paramref name="member"/> from its room, if any, into <paramref name="room"/>.</summary>
    public Room Join(Member member, string room)
    {
        lock (_gate)
        {
            LeaveRoom(member);
            var joined = _rooms.GetOrAdd(room, name => new Room(name));
            joined.Members = [.. joined.Members, member];
            member.Room = joined;
            return joined;
        }
    }

    public void LogOut(Member member)
    {
        lock (_gate)
        {
            LeaveRoom(member);
            if (member.Name is not null) Volatile.Write(ref _users, [.. _users.Where(u => u != member)]);
        }
    }

    private static void LeaveRoom(Member member)
    {
        if (member.Room is not { } room) return;
        room.Members = [.. room.Members.Where(m => m != member)];
        member.Room = null;
    }
}
